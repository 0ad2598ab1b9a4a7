"""The quote layer's vocabulary: cue words and word classes from resources/<lang>/quotes.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kroniek.analyze.patterns import Pattern, load_patterns
from kroniek.resources import language_resources, resolve, resource_json


@dataclass(frozen=True)
class QuoteResources:
    lang: str
    verbs: frozenset[str]
    separable: dict[str, str]
    separable_gap: int | None  # words allowed between a separable verb and its particle ('pointed it out'); None: any
    according_front: tuple[tuple[str, ...], ...]
    according_back: tuple[tuple[str, ...], ...]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    determiners: frozenset[str]
    joiners: frozenset[str]
    stopwords: frozenset[str]
    roles: frozenset[str]
    caption_marks: tuple[str, ...]
    generic: frozenset[str]
    according_words: frozenset[str]
    auxiliaries: frozenset[str]
    abbreviations: frozenset[str]
    particles: frozenset[str]  # lowercase parts of surnames: Jan de Vries, Ludwig van Beethoven
    coordinators: frozenset[str]  # 'en', 'and': a second verb of the same subject
    needs_clause: frozenset[str]  # opinion verbs that report only with a clause or quote: 'vindt dat', 'ziet'
    data_sources: frozenset[str]  # 'onderzoek', 'peiling': after 'volgens' a source of figures, not a speaker
    predicative: frozenset[str]  # 'als', 'as': 'X ziet Y als Z' is an opinion without a clause
    inversion_adverbs: frozenset[str]  # '..., zo stelt X': an adverb between the comma and the inverted verb
    after_verb_adverbs: frozenset[str]  # '..., schrijft ook X': adverbs between an inverted verb and its subject
    subordinators: frozenset[str]  # words opening a subordinate clause ('die', 'omdat')
    verb_final: bool  # subordinate clauses end in their verb (Dutch)
    relatives: frozenset[str]  # 'who', 'die': a speaker that is the name before the comma
    adverb_suffix: str  # '-ly': an adverb between subject and verb (English)
    personal_pronouns: frozenset[str]  # 'hij', 'she': refer to people, never to an organisation
    org_nouns: frozenset[str]  # 'het bedrijf', 'de dienst': a description of the organisation named last
    clause_words: frozenset[str]  # finite auxiliaries, negation, subordinators: a clause, not a noun phrase
    boundaries: frozenset[str]  # words a subject can follow: 'and', 'when she said', 'who said'
    triggers: frozenset[str]  # every word that can start a cue (verbs, separable stems, first words of 'volgens')
    trigger_re: re.Pattern[str]  # any trigger or a colon: a unit without one holds no cue
    adjective_suffix: str  # attributive adjectives end in it (Dutch -e); empty when the language does not mark them
    latter: frozenset[tuple[str, ...]]  # 'die laatste', 'the latter': the one named last
    rank_nouns: frozenset[str]  # 'nummer' of 'de nummer twee van de partij': a title with a number
    rank_numbers: frozenset[str]  # the numbers such a title takes
    needs_quote: frozenset[str]  # verbs that report only a direct quote: 'vraagt zich af'
    demonstratives: frozenset[str]  # 'Die schreef: ...': a subject pronoun for the one named last
    definites: frozenset[str]  # 'de', 'the': a definite description refers to someone named before
    name_adjective_suffixes: tuple[str, ...]  # '-ese', '-ische': 'Chinese', 'Russische' are not names
    not_cue: tuple[Pattern, ...]  # resources/<lang>/quote_patterns.json: a cue word that is no cue here
    not_speaker: tuple[Pattern, ...]  # speaker phrases that name no one: 'the total number of'
    object_pronouns: frozenset[str]  # 'her', 'them': after the verb an object, never an inverted subject
    possessives: frozenset[str]  # 'haar', 'his': 'haar partij' is the party of the person just named
    adverbial_openers: frozenset[str]  # 'In October, X, a spokesman, said': a fronted adverbial before a subject
    clause_verbs: frozenset[str]  # 'said it was': a finite verb after the phrase makes it a clause's subject
    word_marks: frozenset[str]  # punctuation inside a noun phrase: "the farmers' union", 'state-run'
    content_breaks: frozenset[str]  # 'X said A, despite B': after a comma, words that end the reported content
    prepositional_participles: frozenset[str]  # 'including', 'regarding': -ing words that open no clause
    clause_openers: frozenset[str]  # 'said she considered how that ...': a subject or wh-word starts the content
    approximators: frozenset[str]  # 'about half of voters say': a word before a quantity subject
    participle_introducers: frozenset[str]  # 'X got in trouble by saying that': a participle of the subject
    addressee_questions: frozenset[str]  # 'Asked about X, Y said': the question stays an attribution (PolNeAR)
    dashes: frozenset[str]  # 'X — a farmer — said': marks that set off an apposition like commas
    quantifier_subjects: frozenset[str]  # 'Several said', 'most said': a determiner standing alone as subject
    plural_pronouns: frozenset[str]  # 'they': never resolved to the one person named last
    addressee_verbs: frozenset[str]  # 'told': the phrase after the verb is who was told, never the speaker
    classes: dict[str, frozenset[str]]  # the word classes patterns test ('verbs', 'determiners', ...)
    verb_second: bool  # main clauses put the finite verb second: 'Officieel beweert Peking dat ...'
    gerund_suffix: str  # '-ing': 'X said, adding that' opens a second statement, not the rest of the first


@cache
def quote_resources(lang: str) -> QuoteResources:
    lang = resolve(lang)
    data = resource_json(lang, "quotes.json")
    low = lambda key: frozenset(w.lower() for w in data.get(key, []))  # noqa: E731
    triggers = low("verbs") | {k.lower() for k in data.get("separable", {})} | {
        p.split()[0].lower() for p in data.get("according_front", []) + data.get("according_back", [])}
    trigger_re = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, triggers), key=len, reverse=True))
                            + r")(?!\w)|:", re.IGNORECASE)
    patterns = load_patterns(lang, "quote_patterns")
    classes = {key: low(key) for key, value in data.items() if isinstance(value, list) and not key.startswith("_")}
    return QuoteResources(
        lang=lang,
        not_cue=patterns.get("not_cue", ()),
        not_speaker=patterns.get("not_speaker", ()),
        addressee_verbs=low("addressee_verbs"),
        plural_pronouns=low("plural_pronouns"),
        possessives=low("possessives"),
        adverbial_openers=low("adverbial_openers"),
        clause_verbs=low("clause_verbs"),
        word_marks=frozenset(data.get("word_marks", [])),
        content_breaks=low("content_breaks"),
        prepositional_participles=low("prepositional_participles"),
        clause_openers=low("clause_openers"),
        approximators=low("approximators"),
        quantifier_subjects=low("quantifier_subjects"),
        dashes=frozenset(data.get("dashes", [])),
        addressee_questions=low("addressee_questions"),
        participle_introducers=low("participle_introducers"),
        object_pronouns=low("object_pronouns"),
        classes=classes,
        verbs=low("verbs"),
        separable={k.lower(): v.lower() for k, v in data.get("separable", {}).items()},
        separable_gap=data.get("separable_gap"),
        according_front=tuple(tuple(p.lower().split()) for p in data.get("according_front", [])),
        according_back=tuple(tuple(p.lower().split()) for p in data.get("according_back", [])),
        complementizers=low("complementizers"),
        pronouns=low("pronouns"),
        speaker_pronouns=low("speaker_pronouns"),
        determiners=low("determiners"),
        joiners=low("np_joiners"),
        stopwords=low("stopwords"),
        roles=low("roles"),
        caption_marks=tuple(data.get("caption_marks", [])),
        generic=low("generic_speakers"),
        according_words=frozenset(w.lower() for p in data.get("according_front", []) + data.get(
            "according_back", []) for w in p.split()),
        auxiliaries=low("auxiliaries"),
        abbreviations=language_resources(lang).abbreviations | language_resources(lang).soft_abbreviations,
        adjective_suffix=data.get("adjective_suffix", ""),
        particles=low("name_particles"),
        coordinators=low("coordinators"),
        needs_clause=low("needs_clause"),
        data_sources=low("data_sources"),
        predicative=low("predicative"),
        boundaries=low("np_boundaries"),
        clause_words=low("clause_words"),
        org_nouns=low("org_nouns"),
        personal_pronouns=low("personal_pronouns"),
        relatives=low("relatives"),
        adverb_suffix=data.get("adverb_suffix", ""),
        inversion_adverbs=low("inversion_adverbs"),
        after_verb_adverbs=low("after_verb_adverbs"),
        subordinators=low("subordinators"),
        verb_final=bool(data.get("verb_final_subclauses", False)),
        triggers=triggers,
        trigger_re=trigger_re,
        latter=frozenset(tuple(p.lower().split()) for p in data.get("latter", [])),
        rank_nouns=low("rank_nouns"),
        rank_numbers=low("rank_numbers"),
        needs_quote=low("needs_quote"),
        demonstratives=low("demonstratives"),
        gerund_suffix=data.get("gerund_suffix", ""),
        verb_second=bool(data.get("verb_second", False)),
        definites=low("definites"),
        name_adjective_suffixes=tuple(data.get("name_adjective_suffixes", [])),
    )

