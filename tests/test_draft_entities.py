"""`okg extract`: entity kinds from context (draft/kinds.py), the gazetteer, reported speech and re-extraction.

Every sentence here is invented (company and person names too); none comes from a real article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from outsourcing_kg.cli import main
from outsourcing_kg.compile.builder import build
from outsourcing_kg.draft.extract import draft_annotations, extract
from outsourcing_kg.draft.known import load_gazetteer
from outsourcing_kg.errors import SourceError
from outsourcing_kg.names import EntityIndex
from outsourcing_kg.project import Project


def kinds(text: str, index: EntityIndex, nlp: Any, gazetteer: EntityIndex | None = None) -> dict[str, tuple[str | None, str]]:
    """The drafted entities: id -> (type, French label)."""
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp, gazetteer=gazetteer)
    return {e.id: (e.type, e.label_fr) for e in d.entities}


def statements(text: str, index: EntityIndex, nlp: Any) -> set[tuple[str, str]]:
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    return {(c.claimant, c.value["text"]) for c in d.claims if c.property == "statement" and isinstance(c.value, dict)}


# -- companies ------------------------------------------------------------------------------------------------


def test_a_company_named_with_a_country_or_region_keeps_both(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Le groupe Vertex a ouvert un site. Vertex Maroc recrute et Orbis Afrique aussi, comme Zelio France & Maroc.", index, nlp)
    assert got["org/vertex"] == ("Company", "Vertex")
    assert got["org/vertex-maroc"] == ("Company", "Vertex Maroc")
    assert "place/morocco" in got  # the place inside the name is kept too


def test_companies_in_a_dash_list_of_executives_and_a_federation_committee(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Les intervenants : – Paul Marchand – DG Orbis Afrique – Commission Formation de la fédération.", index, nlp)
    assert got["org/orbis-afrique"][0] == "Company"
    assert got["org/commission-formation"][0] == "Organization"
    assert got["person/paul-marchand"][0] == "Person"


def test_a_one_word_company_after_a_role_is_not_a_person_or_a_place(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Le CFO de Brixo, Hamid Lazrak, a présenté les comptes.", index, nlp)
    assert got["org/brixo"][0] == "Company"
    assert not any(i.startswith(("person/brixo", "place/brixo")) for i in got)


def test_companies_introduced_by_a_common_noun_a_nationality_or_guillemets(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Le cabinet américain Delmar Partners a publié une étude. Selon le magazine « Eco Nova », l'indien Zentrix "
        "s'installe à Rabat. Le spécialiste des centres de contact, Callwise, a recruté."
    )
    got = kinds(text, index, nlp)
    assert got["org/delmar-partners"][0] == "Company"
    assert got["org/eco-nova"][0] == "Company"
    assert got["org/zentrix"][0] == "Company"
    assert got["org/callwise"][0] == "Company"


def test_a_company_after_a_noun_and_its_complement_and_the_head_of_a_suffixed_name(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Le leader mondial de l'expérience client Telvia ouvre un site. Selon Leila Berrada, directrice générale de Nexa Maroc, "
        "« le site accueillera 800 conseillers ». Aujourd'hui, Nexa vise la première place."
    )
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    got = {e.id: e.type for e in d.entities}
    assert got["org/telvia"] == "Company" and got["org/nexa-maroc"] == "Company" and got["org/nexa"] == "Company"
    said = {(c.claimant, c.value["text"]) for c in d.claims if c.property == "statement" and isinstance(c.value, dict)}
    assert said == {("person/leila-berrada", "le site accueillera 800 conseillers")}  # not the apposition


def test_a_company_word_at_the_end_or_a_study_s_author_makes_a_company(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Afrique Telecom a signé avec Atlas Contact Center. Selon une étude de Brennan, la demande progresse.", index, nlp)
    assert got["org/afrique-telecom"][0] == "Company"
    assert got["org/atlas-contact-center"][0] == "Company"
    assert got["org/brennan"][0] == "Company"


def test_an_interviewer_label_in_capitals_is_the_publication(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Entretien\n\nEKO : Combien de conseillers comptez-vous ?\n\nKarim Benali : Nous sommes 900.", index, nlp)
    assert got["org/eko"][0] == "Company"


def test_a_list_of_clients_and_the_companies_of_an_apposition(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Parmi ses clients figurent des marques telles que : Lumo, Mister Zed (Groupe Talon), SeVoir et Kavo… "
        "Nordel Africa, filiale du groupe Nordel, recrute aussi. Les groupes Pavex et Quadro ont signé."
    )
    got = kinds(text, index, nlp)
    for ident in ("org/lumo", "org/mister-zed", "org/groupe-talon", "org/sevoir", "org/kavo", "org/nordel-africa", "org/nordel",
                  "org/pavex", "org/quadro"):  # fmt: skip
        assert got[ident][0] == "Company", ident


def test_generic_words_and_titles_are_not_entities(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Le Groupe a annoncé des offres VIP. La Fédération a salué le ministre de l'Industrie, Karim Benali, "
        "qui a signé un MoU. Or, la demande reste forte."
    )
    got = kinds(text, index, nlp)
    assert set(got) == {"person/karim-benali"}


def test_an_acronym_of_a_segment_is_noted_but_a_federation_of_services_stays_one(index: EntityIndex, nlp: Any) -> None:
    text = (
        "La Fédération Marocaine des Métiers et des Services (FMMS) salue la croissance de l'Engineering Process Outsourcing "
        "(EPO) au Maroc."
    )
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    assert {e.id: e.type for e in d.entities if e.kind == "org"} == {"org/fmms": "Federation"}
    assert any("(EPO)" in r and "segments.ttl" in r for r in d.review)


def test_an_acronym_in_brackets_that_does_not_spell_the_initials_is_still_the_acronym(index: EntityIndex, nlp: Any) -> None:
    text = "Vertex a signé avec l'Agence régionale de soutien aux entreprises et à l'export (ARSEX). L'ARSEX forme les jeunes."
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    orgs = {e.id: (e.type, e.label_fr, e.aliases) for e in d.entities if e.kind == "org" and "vertex" not in e.id}
    assert orgs == {"org/arsex": ("Organization", "Agence régionale de soutien aux entreprises et à l'export", ["ARSEX"])}


def test_a_ministry_is_not_cut_at_a_comma_or_at_et_de(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Le projet associe le ministère de l'Économie, des Finances et de la Réforme de l'administration.", index, nlp)
    labels = {label for _, label in got.values()}
    assert "ministère de l'Économie, des Finances et de la Réforme de l'administration" in labels


def test_a_federation_spacy_cuts_at_a_comma_keeps_its_whole_name(index: EntityIndex, nlp: Any) -> None:
    got = kinds("L'Association marocaine des Industries du Cuir, du Verre et de l'Emballage a réagi aussitôt.", index, nlp)
    assert ("Federation", "Association marocaine des Industries du Cuir, du Verre et de l'Emballage") in got.values()


def test_places_named_inside_an_organisation_or_by_a_place_noun(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Le Conseil régional de la région Draa-Oasis finance le projet. Le siège est dans le quartier de Bab Nour.", index, nlp)
    assert got["place/draa-oasis"][0] == "Region"
    assert got["place/bab-nour"][0] == "Place"


# -- events and persons --------------------------------------------------------------------------------------


def test_a_trade_fair_and_its_acronym_are_one_event(index: EntityIndex, nlp: Any) -> None:
    text = "La 7e édition du Salon africain de la relation client (SARC) s'ouvre à Casablanca. Le SARC réunit 80 exposants."
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    events = [e for e in d.entities if e.kind == "event"]
    assert [(e.id, e.type, e.label_fr, e.aliases) for e in events] == [
        ("event/sarc", "Event", "Salon africain de la relation client", ["SARC"])
    ]
    assert not any(e.kind == "org" for e in d.entities)
    assert events[0].review is None  # a named event is not flagged as unnamed


@pytest.mark.parametrize(
    ("sentence", "label_en"),
    [
        ("Karim Benali, qui s'exprimait lors d'une conférence de presse, a présenté les résultats.", "press conference"),
        ("La signature a eu lieu à Rabat en présence des deux ministres.", "signing"),
        ("Vertex a procédé à l'inauguration de son nouveau site à Oujda.", "inauguration"),
        ("Le lancement des travaux est prévu en mars.", "launch of the works"),
        ("Les résultats ont été présentés lors d'une visioconférence.", "video-conference"),
        ("La cérémonie s'est tenue en présence du wali.", "ceremony"),
    ],
)
def test_unnamed_events_are_drafted_and_flagged(index: EntityIndex, nlp: Any, sentence: str, label_en: str) -> None:
    d = draft_annotations(sentence + "\n", index, title="t", nlp=nlp)
    events = [e for e in d.entities if e.kind == "event" and e.label_en == label_en]
    assert len(events) == 1 and events[0].type == "Event" and events[0].review and "unnamed event" in events[0].review


def test_a_talk_at_a_press_conference_is_one_event(index: EntityIndex, nlp: Any) -> None:
    d = draft_annotations("Lors d'une conférence de presse, Karim Benali a présenté les résultats.\n", index, title="t", nlp=nlp)
    assert [(e.id, e.type) for e in d.entities if e.kind == "event"] == [("event/karim-benali-talk", "Talk")]


def test_the_pandemic_also_inside_a_compound(index: EntityIndex, nlp: Any) -> None:
    for sentence in ("La relance post-Covid-19 profite aux plateformes.", "La crise du coronavirus a tout changé."):
        d = draft_annotations(sentence + "\n", index, title="t", nlp=nlp)
        assert [e.id for e in d.entities if e.kind == "event"] == ["event/covid-19-crisis"], sentence  # the known crisis


def test_titles_that_stand_for_a_person_and_names_after_a_post(index: EntityIndex, nlp: Any) -> None:
    got = kinds("SM le Roi a reçu les opérateurs. Étaient présents la ministre du Numérique, Salma Idrissi, et M. Alaoui.", index, nlp)
    assert got["person/sm-le-roi"] == ("Person", "SM le Roi")
    assert got["person/salma-idrissi"][0] == "Person"


def test_a_newspaper_keeps_its_article_but_a_country_with_one_is_no_company(index: EntityIndex, nlp: Any) -> None:
    got = kinds("Selon le journal « Le Quotidien Eco », la demande progresse. Le Maroc, leader régional, attire.", index, nlp)
    assert got["org/quotidien-eco"] == ("Company", "Le Quotidien Eco")
    assert not any(i.startswith("org/") and "maroc" in i for i in got)


# -- the gazetteer -------------------------------------------------------------------------------------------


def test_the_gazetteer_types_a_name_no_cue_introduces(project: Project, index: EntityIndex, nlp: Any) -> None:
    gazetteer = load_gazetteer(project)
    assert gazetteer is not None and gazetteer.entries["org/armatis"].type == "Company"
    text = "Armatis recrute 200 conseillers à Casanearshore."
    with_list = kinds(text, index, nlp, gazetteer)
    assert with_list["org/armatis"][0] == "Company" and with_list["place/casanearshore"][0] == "Place"


def test_a_malformed_gazetteer_line_names_its_line(tmp_project: Project) -> None:
    path = tmp_project.reference_dir / "gazetteer.tsv"
    path.write_text("# comment\nVertex\tCompany\t\thttps://example.org\nOrbis\tShop\t\thttps://example.org\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"gazetteer.tsv:3: expected name, type"):
        load_gazetteer(tmp_project)
    path.unlink()
    assert load_gazetteer(tmp_project) is None


def test_cli_extract_without_the_gazetteer(tmp_project: Project, tmp_path: Path, nlp: Any) -> None:
    article = tmp_path / "un-article.txt"
    article.write_text("Armatis recrute 200 conseillers à Rabat. Le groupe Vertex aussi.\n", encoding="utf-8")
    out = tmp_project.sources_dir / "un-article.yaml"
    runner = CliRunner()
    args = ["extract", str(article), "-o", str(out), "--project", str(tmp_project.root)]
    result = runner.invoke(main, [*args, "--no-gazetteer"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "org/vertex" in text and "org/armatis" not in text
    result = runner.invoke(main, [*args, "--force"], catch_exceptions=False)
    assert "org/armatis" in out.read_text(encoding="utf-8")


# -- reported speech -------------------------------------------------------------------------------------------


def test_reported_speech_in_four_forms(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Karim Benali est arrivé tôt. « Nous recrutons encore trois cents personnes », a-t-il déclaré. "
        "Salma Idrissi, directrice générale de Vertex, a déclaré : « Le marché reste porteur pour nous ». "
        "Ainsi, selon le ministre de l'Emploi, Hamid Lazrak, le secteur embauche toujours. "
        "Nadia Ouazzani a indiqué que les exportations progressent encore."
    )
    got = statements(text, index, nlp)
    assert ("person/karim-benali", "Nous recrutons encore trois cents personnes") in got
    assert ("person/salma-idrissi", "Le marché reste porteur pour nous") in got  # the post's holder, not the post
    assert ("person/hamid-lazrak", "le secteur embauche toujours") in got
    assert ("person/nadia-ouazzani", "les exportations progressent encore") in got


def test_a_surname_after_the_full_name_is_the_same_speaker(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Le marché progresse, a indiqué M. Karim Benali, conseiller du groupe Vertex. "
        "Pour M. Benali, la demande européenne reste forte. « Nous devons former davantage de jeunes », explique M. Benali."
    )
    got = statements(text, index, nlp)
    assert ("person/karim-benali", "la demande européenne reste forte") in got
    assert ("person/karim-benali", "Nous devons former davantage de jeunes") in got
    assert ("person/karim-benali", "Le marché progresse") in got


def test_son_directeur_general_is_the_post_of_the_organisation_in_context(index: EntityIndex, nlp: Any) -> None:
    text = "Le groupe Vertex grandit. Vertex Maroc entend ouvrir deux sites, a assuré son directeur général."
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp)
    posts = {e.id: e for e in d.entities if e.kind == "post"}
    assert posts["post/vertex-maroc-chief-executive"].org == "org/vertex-maroc"
    assert posts["post/vertex-maroc-chief-executive"].review  # resolved from context: flagged
    said = {(c.claimant, c.value["text"]) for c in d.claims if c.property == "statement" and isinstance(c.value, dict)}
    assert ("post/vertex-maroc-chief-executive", "Vertex Maroc entend ouvrir deux sites") in said


# -- re-extraction -------------------------------------------------------------------------------------------


def test_re_extracting_an_article_mints_no_duplicate_entity(tmp_project: Project, tmp_path: Path, nlp: Any) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Le groupe Vertex a inauguré son site de Rabat. Lors d'une conférence de presse, Salma Idrissi, directrice générale de "
        "Vertex, a annoncé 300 recrutements.\n",
        encoding="utf-8",
    )
    first = extract(article, tmp_project.sources_dir / "article.yaml", project=tmp_project, nlp=nlp)
    again = extract(article, tmp_project.sources_dir / "article.yaml", project=tmp_project, force=True, nlp=nlp)
    assert [e.id for e in again.draft.entities] == [e.id for e in first.draft.entities]
    other = extract(article, tmp_project.sources_dir / "article-bis.yaml", project=tmp_project, nlp=nlp)
    new = [e.id for e in other.draft.entities if not e.linked]
    assert new == [], new  # everything the first draft declared is linked, nothing minted again
    build(tmp_project)
