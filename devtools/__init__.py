"""Tools for checking Peerline, shared by tests/ and benchmarks/, never imported by the product.

``stack`` starts a real Rasa and action server on free ports, ``postgres`` makes a
throwaway database, ``fake_telegram`` stands in for the Telegram Bot API, and
``tcp_proxy`` cuts and restores a connection on demand.
"""
