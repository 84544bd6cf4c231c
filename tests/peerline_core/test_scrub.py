"""The scrubber replaces whatever could identify someone and leaves the question readable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerline_core.scrub import CUES_FILE, CueFileError, cue_words, scrub
from scripts.scrub_dev import score as dev_score

# final (tests/eval/MANIFEST.yml): scored here, never tuned on
PII_SET = Path(__file__).parents[1] / "eval" / "pii_messages.yml"


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("email me at sam.lee+peer@example.org", ["sam.lee", "example.org"], ["email me at"]),
        ("my address is dana dot ruiz at gmail dot com", ["dana", "ruiz", "gmail"], []),
        ("see https://example.com/profile?id=7 and www.mysite.net", ["example", "mysite"], []),
        ("she found me as @recovery_rae on insta", ["recovery_rae"], ["on insta"]),
        ("call (212) 555-0199, +1 212 555 0199 or 2125550199", ["555", "0199"], []),
        ("her case number is 2024-0012345 and SSN 123-45-6789", ["0012345", "6789"], []),
        ("I live at 42 Oak Street apt 3 since 3/14/1990", ["42 Oak", "1990"], []),
        ("My client Sarah Jones relapsed", ["Sarah", "Jones"], ["My client", "relapsed"]),
        ("my coworker grace keeps texting", ["grace"], ["keeps texting"]),
        ("I told Priya Raman about it", ["Priya", "Raman"], ["I told", "about it"]),
        ("Dr. Whitfield said to ask Will", ["Whitfield", "Will"], ["said to ask"]),
        ("my name is jordan and I work nights", ["jordan"], ["I work nights"]),
        ("I told kaylee and met hope yesterday", ["kaylee", "hope"], ["yesterday"]),
        ("write to jane @ gmail.com", ["jane", "gmail"], ["write to"]),
        ("Medicaid ID A1B2C3, badge XK-4471", ["A1B2C3", "4471"], ["Medicaid"]),
        ("my ig is jdoe.recovery and snap: kaylaxo", ["jdoe", "kaylaxo"], ["my ig is"]),
        ("Grace said I should ask", ["Grace"], ["said I should ask"]),
        ("born March 3, 1990 in Dayton", ["March 3", "Dayton"], ["born"]),
        # a first name that is also a word, after a role, an introduction or as a subject
        ("my sponsee crystal stopped answering", ["crystal"], ["my sponsee", "stopped"]),
        ("i'm skye, a peer in a crisis unit", ["skye"], ["a peer in a crisis unit"]),
        ("this is rowan from the warmline, a question", ["rowan"], ["from the warmline"]),
        ("hey its grace again, quick one", ["grace"], ["again"]),
        ("brandy keeps asking me for rides", ["brandy"], ["keeps asking me"]),
        ("ocean relapsed last week", ["ocean"], ["relapsed last week"]),
        ("storm is my client and she's 19", ["storm"], ["is my client"]),
        ("Winter, my coworker, wants to share my story", ["Winter"], [", my coworker,"]),
        ("raven and i run the women's group", ["raven"], ["and i run"]),
        ("Rose and her partner both relapsed", ["Rose"], ["and her partner"]),
        ("autumn's kids are in foster care", ["autumn"], ["kids are in foster care"]),
        ("ask for will at the front desk", ["will"], ["ask for", "at the front desk"]),
        ("gave jaylen a ride to the clinic", ["jaylen"], ["gave", "a ride"]),
        ("Bo said he needs a sponsor", ["Bo"], ["said he needs"]),
        ("Peaches from group wants to be a peer", ["Peaches"], ["from group wants"]),
        ("Will and Grace are both my clients", ["Will", "Grace"], ["are both my clients"]),
        ("i run a group with my cofacilitator hope", ["hope"], ["my cofacilitator"]),
        ("he's at the motel, room 112", ["112"], ["at the motel, room"]),
        ("Christian said he can't come; talked to Jordan", ["Christian", "Jordan"], ["said"]),
        ("my client, hope, missed her appointment", ["hope"], ["my client,", "missed"]),
        ("me and destiny facilitate together", ["destiny"], ["me and", "facilitate"]),
        ("I live on Elm Street near the park", ["Elm"], ["I live on", "near the park"]),
        # whole names grown from one part: surnames, initials, particles, hyphens, apostrophes
        ("priya patel from the clinic called", ["priya", "patel"], ["from the clinic"]),
        ("my sponsee T.J. Monroe is in the ICU", ["T.J", "Monroe"], ["is in the ICU"]),
        ("Abdullah bin Khalid hosts a group", ["Abdullah", "bin", "Khalid"], ["hosts a group"]),
        ("Liam O'Brien and Jun-seo Park asked", ["Liam", "O'Brien", "Jun-seo", "Park"], []),
        ("Dawn Two Feathers wants smudging allowed", ["Dawn", "Two Feathers"], ["smudging"]),
        ("Ángel Ortiz asked about groups", ["Ángel", "Ortiz"], ["asked about groups"]),
        # small towns after "in" or "from", and months that are a person's name
        ("Aoife moved from Cork to Bemidji", ["Cork", "Bemidji"], ["moved from"]),
        ("a peer in el paso asked", ["paso"], ["a peer in"]),
        ("June Whitehorse is new to our program", ["June", "Whitehorse"], ["is new"]),
        # numbers in other shapes
        ("last 4 of her social is 6623", ["6623"], ["last 4 of her social"]),
        ("my new # is four one nine five five five zero one", ["four one nine"], ["my new #"]),
        ("TX plate JKV 9921 hit her car", ["JKV", "9921"], ["hit her car"]),
        ("mail it to PO Box 2291 please", ["2291"], ["mail it to"]),
        ("he stays on 5th and Vine", ["5th", "Vine"], ["he stays on"]),
        ("contact: kayla (dot) simmons (at) hotmail", ["kayla", "simmons", "hotmail"], []),
        ("her gofundme.com/f/help-keisha-get-home page", ["keisha"], ["page"]),
        ("her venmo is @Ashley-Moreno-7", ["Ashley", "Moreno"], ["her venmo is"]),
        ("add me on snap its tyler.m.99", ["tyler"], ["add me on snap"]),
        # privacy first: a word our cards and examples never use, where a name stands
        ("sparrow keeps asking me for money", ["sparrow"], ["keeps asking me for money"]),
        ("Thunder wants a ride to group", ["Thunder"], ["wants a ride to group"]),
        ("my roommate tornado keeps borrowing my car", ["tornado"], ["my roommate", "keeps"]),
        ("i'm worried about Solace, she stopped eating", ["Solace"], ["i'm worried about"]),
        ("Thunder's birthday is friday", ["Thunder"], ["birthday is friday"]),
        ("a card from sunny? so sweet", ["sunny"], ["a card from"]),
        ("Rocket (that's his nickname) asked me for help", ["Rocket"], ["(that's his nickname)"]),
        # a verb only a person does, after an everyday word or a place; being clean
        ("Phoenix said he is done with meetings", ["Phoenix"], ["said he is done"]),
        ("Austin showed up late to group", ["Austin"], ["showed up late"]),
        ("georgia is my client and she's 30", ["georgia"], ["is my client"]),
        ("Journey has been sober 90 days", ["Journey"], ["has been sober 90 days"]),
        ("Kestrel and Wren want a couples plan", ["Kestrel", "Wren"], ["want a couples plan"]),
        # a named place after "at", initials, a name said twice, another language, plates
        ("I work at Maple Grove House in town", ["Maple Grove"], ["I work at", "in town"]),
        ("my sponsor A.J. asked me to call", ["A.J"], ["my sponsor", " asked me to call"]),
        ("K.C. said he relapsed", ["K.C"], ["said he relapsed"]),
        ("ocean relapsed; ocean is 22 now", ["ocean", "22"], ["relapsed;", "is [adult] now"]),
        ("Yaretzi me dijo que no puede venir", ["Yaretzi"], ["me dijo que no puede venir"]),
        ("Rodrigo y su esposa quieren ayuda", ["Rodrigo"], ["y su esposa quieren ayuda"]),
        ("my plate was ABC1234", ["ABC1234"], ["my plate"]),
        # a named person's age becomes a band; where someone stays; names said to be names
        ("Elena Cruz, 34, asked about housing", ["Elena", "34"], ["[name], [adult], asked"]),
        ("teen client Rosa, 16, asked about vaping", ["16"], ["[minor], asked about vaping"]),
        ("Austin is 15 and wants to join group", ["Austin", "15"], ["is [minor] and wants"]),
        ("he sleeps at Hope Rescue Mission most nights", ["Hope", "Rescue"], ["most nights"]),
        ("she moved into Maple Court Apartments", ["Maple Court"], ["she moved into"]),
        ("she stays at Bethel shelter", ["Bethel"], ["she stays at", "shelter"]),
        ("my client lives out past Eagle Creek", ["Eagle Creek"], ["lives out past"]),
        ("is Second Chance Ministries in Ukiah any good", ["Second Chance", "Ukiah"], ["any good"]),
        ("Major is her first name, she hates it", ["Major"], ["is her first name"]),
        ("Jonathan (Jon) Reyes asked about groups", ["Jon", "Reyes"], ["asked about groups"]),
        ("Bea (Beatrice Okafor) asked me for a ride", ["Bea", "Okafor"], ["asked me for a ride"]),
        ("lil ray from my meeting is now my sponsee", ["ray"], ["from my meeting"]),
        ("faith is doing better since rehab", ["faith"], ["is doing better since rehab"]),
        ("can i tell his PO that Jordan wants out", ["Jordan"], ["that", "wants out"]),
        ("can you give hope my number if she calls", ["hope"], ["my number if she calls"]),
    ],
)
def test_identifying_details_are_replaced(text: str, gone: list[str], kept: list[str]) -> None:
    """Every identifying piece goes, and the words around it stay."""
    scrubbed = scrub(text)
    for piece in gone:
        assert piece.lower() not in scrubbed.lower(), scrubbed
    for piece in kept:
        assert piece in scrubbed, scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "May I ask how often supervision should happen?",
        "What does SAMHSA say about self-disclosure in Texas?",
        "Can I follow a client on Instagram or Facebook?",
        "Is it ok to text clients on WhatsApp after hours? My supervisor says no.",
        "Can I call 988 for a client in New York on Monday?",
        "How many hours of supervision do I need for the CPRS in 2025?",
        # words that are also first names, months and states, where no person is meant
        "Hope is the theme of our next group, any icebreakers?",
        "Patience is wearing thin with a client who no-shows",
        "Grace and accountability, how do i balance both?",
        "Buck up is what my old sponsor said, is that bad advice?",
        "River rafting as a sober outing, is that ok?",
        "the training starts in june, can i work before im certified?",
        "June 30 is the deadline for renewal right?",
        "Can peers work in jails in Georgia or Florida?",
        "Is Juneteenth a paid holiday for county peers?",
        "the group meets tuesdays at 6:30pm, can i charge for snacks",
        "does my boss see this",
        "my client will call me tomorrow, should i answer?",
        "clinician wont listen to me and its getting heated",
        "hr asked me to justify our peer positions",
        "does the ada protect me if i relapse",
        "I'm asked to drive clients around all day",
        "I moved from Canada and want to work as a peer here",
        "quick q, is 50mg of seroquel a lot?",
        "Can I handle a relapse with grace and patience?",
        "I gave hope to a client today",
        "Hope and faith are big themes in my group, is that ok?",
        "Mark my timesheet as training? Bill medicaid for a group of 12?",
        "Can we meet in room 2 on Sundays?",
        "Feedback from clients says the group is too long",
        "What is Intentional Peer Support? Is the Recovery Coach Academy online?",
        "Should I mention my Christian faith to a client who is Muslim?",
        # the privacy-first rules leave everyday words, brands and verb forms alone
        "Staff said the group is full",
        "Recovery has been hard this year",
        "Zoom keeps freezing in group, Uber said my ride was cancelled",
        "my client's backpack was searched",
        "my friend ghosted me",
        "my supervisor really wants notes by friday",
        "Typing from my phone, sorry",
        "Clients said the group helps",
        "we went to Peer Support Week events",
        "Is training at Recovery Month free?",
        "she is 19 and court ordered to come",
        "I was at NA. Then left",
        "Can I take a chance on a new group?",
        # in another language its common words and lowercase words stay
        "¿como peer qué hago si no me pagan?",
        "ya no le veo sentido a nada",
        # ages with no name, medicines, greetings, abstract nouns, a title that is a verb
        "my client is 17, can i meet him alone?",
        "Our group is 12 and growing, should we split it?",
        "does Klonopin show up on a drug screen?",
        "a client wants to try Nar-Anon with his wife",
        "Can I wish clients a Merry Christmas?",
        "client says it was his Destiny to relapse",
        "Honesty and Willingness are our group themes",
        "I miss drinking on weekends, is that normal?",
    ],
)
def test_ordinary_questions_are_left_alone(text: str) -> None:
    """Questions without identifying details come back unchanged (988 and years stay)."""
    assert scrub(text) == text


def score(messages: list[dict[str, object]]) -> tuple[int, int, int, int]:
    """(messages with a leak, messages with PII, clean messages changed, clean messages)."""
    leaks = pii = damaged = clean = 0
    for message in messages:
        text, pieces = str(message["text"]), message.get("pii") or []
        assert isinstance(pieces, list)
        scrubbed = scrub(text)
        if pieces:
            pii += 1
            leaks += any(str(piece).lower() in scrubbed.lower() for piece in pieces)
        else:
            clean += 1
            damaged += scrubbed != text
    return leaks, pii, damaged, clean


# Issue 19's target is 0 leaks; it is NOT met. These ceilings are the figures of the one
# scoring after the scrubber's last change (2026-12-03: after the context-cue rules tuned on two
# development sets, 3 of 90 leak and 0 of 20 clean changed; scored again, counts only, after the
# privacy-first rules tuned on a third blind development set: still 3 of 90 whole-word leaks,
# 0 of 20 changed): a regression guard, never a claim of success. Lower them when the
# scrubber improves on a development set; never tune on this one.
MAX_LEAKING_MESSAGES = 3
MAX_DAMAGED_CLEAN = 0


def test_leaks_on_the_blind_pii_set_do_not_grow() -> None:
    """No more PII substrings of the blind set survive the scrubber than at its last scoring,
    and no more clean messages are changed (counts only are shown)."""
    messages = yaml.safe_load(PII_SET.read_text(encoding="utf-8"))["messages"]
    leaks, pii, damaged, clean = score(messages)
    assert pii >= 50
    assert leaks <= MAX_LEAKING_MESSAGES, f"{leaks} of {pii} messages leak"
    assert damaged <= MAX_DAMAGED_CLEAN, f"{damaged} of {clean} clean messages changed"


# development (tests/eval/MANIFEST.yml): tuned on, so 0 and 0 here say little about new
# text; `python -m scripts.scrub_dev PATH` prints the misses. pii_dev.yml is hand-written;
# pii_dev_blind.yml was written blind (before the context rules: 49 of 160 leaked);
# pii_dev_blind2.yml too (before the privacy-first rules: 27 of 200), and pii_dev_blind4.yml
# (before the place, age and bracket rules: 19 of 220 leaked, 8 of 60 clean changed), tested below.
DEV_SETS = ["pii_dev.yml", "pii_dev_blind.yml"]


@pytest.mark.parametrize("name", DEV_SETS)
def test_development_pii_sets_leak_nothing(name: str) -> None:
    """No PII substring of a development set survives, and no clean message is changed."""
    path = Path(__file__).parent / name
    found = dev_score(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])
    assert found.pii >= 50
    assert found.leaked == []
    assert found.changed == []


# written blind; before the rules tuned on each: blind2 27 of 200 leaked, 2 of 60 changed;
# blind4 19 of 220 leaked, 8 of 60 changed
BLIND_SETS = ["pii_dev_blind2.yml", "pii_dev_blind4.yml"]


@pytest.mark.parametrize("name", BLIND_SETS)
def test_the_later_blind_development_sets_leak_nothing_and_damage_little(name: str) -> None:
    """No leak on the later blind sets, and at most 5% of their clean messages changed."""
    path = Path(__file__).parent / name
    found = dev_score(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])
    assert found.pii >= 200
    assert found.leaked == []
    assert found.damaged <= 0.05 * found.clean


def test_a_cue_file_with_a_wrong_list_names_the_file_and_field(tmp_path: Path) -> None:
    """A cue list that is missing or holds something else fails, naming the file and list."""
    broken = tmp_path / "scrub_cues.yml"
    broken.write_text(CUES_FILE.read_text(encoding="utf-8") + "\nroles: [Client]\n")
    with pytest.raises(CueFileError, match=r"scrub_cues\.yml: roles"):
        cue_words(broken)
