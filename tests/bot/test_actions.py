"""Custom actions with a CollectingDispatcher and fakes: what the user would receive."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.find_services import ActionFindServices
from bot.actions.reset_search import ActionResetHelpCategory, ActionResetPlace
from bot.actions.validate_help_search import ValidateHelpSearchForm
from resources_db.gazetteer import Gazetteer
from tests.bot.fakes import FakeRepository, record, tracker

LONDON_SLOTS = {"help_category": "shelter", "place_lat": 51.5, "place_lon": -0.12, "place_country": "GB"}


def responses(dispatcher):
    return [m["response"] for m in dispatcher.messages]


async def run(action, slots=None, intent="affirm", text="synthetic"):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(slots, intent, text), {})
    return dispatcher, events


async def test_find_services_shows_three_results_then_options():
    repository = FakeRepository([record(f"s{i}") for i in range(5)])
    dispatcher, events = await run(ActionFindServices(lambda: repository), LONDON_SLOTS)
    assert responses(dispatcher) == ["utter_results_intro"] + ["utter_result_nearby"] * 3 + ["utter_what_next"]
    item = dispatcher.messages[1]
    assert item["name"] == "Service s0" and item["phones"] == "+44 20 7946 0101, +44 7700 900101"
    assert item["distance_km"] == "1.2" and item["city"] == "London"
    query = repository.queries[0]
    assert (query["category"], query["country_code"], query["offset"], query["limit"]) == ("shelter", "GB", 0, 3)
    assert (query["near"].latitude, query["near"].longitude) == (51.5, -0.12)
    assert events == [SlotSet("results_shown", 3.0), SlotSet("results_category", "shelter")]


async def test_more_continues_after_the_last_page_of_the_last_search():
    repository = FakeRepository([record(f"s{i}") for i in range(5)])
    slots = {**LONDON_SLOTS, "results_shown": 3.0, "results_category": "hotline"}
    dispatcher, events = await run(ActionFindServices(lambda: repository), slots, intent="more_results")
    assert repository.queries[0]["offset"] == 3
    assert repository.queries[0]["category"] == "hotline"
    assert responses(dispatcher).count("utter_result_nearby") == 2
    assert events == [SlotSet("results_shown", 5.0), SlotSet("results_category", "hotline")]


async def test_more_after_the_end_says_so():
    repository = FakeRepository([record("only")])
    dispatcher, _ = await run(ActionFindServices(lambda: repository), {**LONDON_SLOTS, "results_shown": 1.0}, intent="more_results")
    assert responses(dispatcher) == ["utter_results_no_more", "utter_what_next"]


async def test_a_new_search_starts_from_the_first_page():
    repository = FakeRepository([record("a")])
    await run(ActionFindServices(lambda: repository), {**LONDON_SLOTS, "results_shown": 3.0}, intent="find_shelter")
    assert repository.queries[0]["offset"] == 0


async def test_no_results_says_so_and_offers_options():
    dispatcher, _ = await run(ActionFindServices(lambda: FakeRepository([])), LONDON_SLOTS)
    assert responses(dispatcher) == ["utter_results_none", "utter_what_next"]


async def test_skipped_place_searches_area_wide_services_for_any_help():
    repository = FakeRepository([record("hotline", distance_km=None)])
    dispatcher, _ = await run(ActionFindServices(lambda: repository), {"help_category": "any", "place": "skipped"})
    assert repository.queries[0]["near"] is None and repository.queries[0]["category"] is None
    assert "utter_result_area" in responses(dispatcher)


async def test_sample_listings_are_announced_as_fictional():
    dispatcher, _ = await run(ActionFindServices(lambda: FakeRepository([record(is_sample=True)])), LONDON_SLOTS)
    assert responses(dispatcher)[:2] == ["utter_results_intro", "utter_results_sample_notice"]


async def test_database_trouble_gives_a_kind_reply_and_logs_no_user_data(caplog):
    dispatcher, events = await run(
        ActionFindServices(lambda: FakeRepository(fail=True)), {**LONDON_SLOTS, "place": "SECRET-PLACE"}, text="SECRET-TEXT"
    )
    assert responses(dispatcher) == ["utter_search_unavailable", "utter_what_next"]
    assert events == []
    assert "DatabaseUnavailable" in caplog.text
    assert "SECRET" not in caplog.text and "51.5" not in caplog.text


GAZETTEER = Gazetteer.from_cities(
    [{"name": "London", "countrycode": "GB", "latitude": 51.5, "longitude": -0.12, "population": 9, "alternatenames": []}]
)


async def validate_place(value):
    dispatcher = CollectingDispatcher()
    form = ValidateHelpSearchForm(lambda: GAZETTEER)
    result = form.validate_place(value, dispatcher, tracker(), {})
    return dispatcher, result


async def test_known_place_is_resolved_and_confirmed():
    dispatcher, result = await validate_place("i'm in london")
    assert result == {"place": "London", "place_name": "London (GB)", "place_country": "GB", "place_lat": 51.5, "place_lon": -0.12}
    assert dispatcher.messages[0]["response"] == "utter_place_found"
    assert dispatcher.messages[0]["place_name"] == "London (GB)"


@pytest.mark.parametrize("value", ["atlantis", "", "🙂", "x" * 10_000, None, 42])
async def test_unknown_place_is_asked_again(value):
    dispatcher, result = await validate_place(value)
    assert result["place"] is None and result["place_lat"] is None
    assert responses(dispatcher) == ["utter_place_not_found"]


async def test_a_pin_searches_from_the_pin_and_names_the_city_it_is_in():
    dispatcher = CollectingDispatcher()
    pin = tracker(intent="inform_place", text='/inform_place{"latitude": 51.53, "longitude": -0.1}', entities={"latitude": 51.53, "longitude": -0.1})
    result = ValidateHelpSearchForm(lambda: GAZETTEER).validate_place(51.53, dispatcher, pin, {})
    assert result == {"place": "London", "place_name": "London (GB)", "place_country": "GB", "place_lat": 51.53, "place_lon": -0.1}
    assert dispatcher.messages[0]["response"] == "utter_place_pin"
    assert dispatcher.messages[0]["place_name"] == "London (GB)"


async def test_a_pin_far_from_any_known_city_still_searches_from_the_pin():
    dispatcher = CollectingDispatcher()
    pin = tracker(intent="inform_place", entities={"latitude": -10.5, "longitude": 105.67})
    result = ValidateHelpSearchForm(lambda: Gazetteer.from_cities([])).validate_place(-10.5, dispatcher, pin, {})
    assert result["place_lat"] == -10.5 and result["place_lon"] == 105.67 and result["place_country"] is None
    assert dispatcher.messages[0]["place_name"] == "-10.50, 105.67"


@pytest.mark.parametrize("entities", [{"latitude": 95, "longitude": 0}, {"latitude": 51.5}, {"latitude": "x", "longitude": 1}])
async def test_coordinates_that_are_not_a_pin_are_read_as_text(entities):
    dispatcher = CollectingDispatcher()
    result = ValidateHelpSearchForm(lambda: GAZETTEER).validate_place("london", dispatcher, tracker(entities=entities), {})
    assert result["place"] == "London" and result["place_lat"] == 51.5


async def test_skipped_place_clears_the_coordinates():
    dispatcher, result = await validate_place("skipped")
    assert result["place"] == "skipped" and result["place_lat"] is None
    assert dispatcher.messages == []


@pytest.mark.parametrize("value, kept", [("shelter", "shelter"), ("any", "any"), ("weapons", None), (None, None)])
def test_help_category_must_be_a_known_category(value, kept):
    form = ValidateHelpSearchForm(lambda: GAZETTEER)
    assert form.validate_help_category(value, CollectingDispatcher(), tracker(), {}) == {"help_category": kept}


async def test_reset_place_clears_the_place_and_the_page():
    _, events = await run(ActionResetPlace())
    cleared = {event["name"] for event in events if event["value"] is None}
    assert cleared == {"place", "place_name", "place_country", "place_lat", "place_lon", "results_shown"}


async def test_reset_help_category_clears_only_the_category_and_page():
    _, events = await run(ActionResetHelpCategory())
    assert {event["name"] for event in events} == {"help_category", "results_shown"}


async def test_talk_to_a_person_shows_hotlines_whatever_the_search_was():
    repository = FakeRepository([record("line", distance_km=None)])
    dispatcher, events = await run(ActionFindServices(lambda: repository), LONDON_SLOTS, intent="talk_to_person")
    assert repository.queries[0]["category"] == "hotline"
    assert repository.queries[0]["country_code"] == "GB"
    assert SlotSet("results_category", "hotline") in events
    assert not [e for e in events if e["name"] == "help_category"]  # what the user asked for stays


async def test_a_need_before_any_search_starts_the_search_form_instead():
    repository = FakeRepository([record("a")])
    dispatcher, events = await run(ActionFindServices(lambda: repository), {"need": "women_only"}, intent="choose_need")
    assert events == [FollowupAction("help_search_form")]
    assert repository.queries == [] and dispatcher.messages == []


async def test_a_need_after_a_search_narrows_it():
    repository = FakeRepository([record("a")])
    await run(ActionFindServices(lambda: repository), {**LONDON_SLOTS, "need": "women_only"}, intent="choose_need")
    assert repository.queries[0]["eligibility"] == ("women_only",)


@pytest.mark.parametrize(
    "need, language, filters",
    [
        ("no_id_needed", None, {"eligibility": ("no_id_needed",)}),
        ("serves_children", None, {"eligibility": ("serves_children",)}),
        ("my_language", None, {"languages": ("en",)}),
        ("my_language", "uk", {"languages": ("uk",)}),
        (None, None, {}),
        ("weapons", None, {}),
    ],
)
def test_need_filters(need, language, filters):
    from bot.actions.find_services import need_filters

    assert need_filters(need, language) == filters


async def test_a_need_narrows_the_search():
    repository = FakeRepository([record("a")])
    dispatcher, _ = await run(ActionFindServices(lambda: repository), {**LONDON_SLOTS, "need": "no_id_needed"}, intent="choose_need")
    assert repository.queries[0]["eligibility"] == ("no_id_needed",)
    assert responses(dispatcher)[0] == "utter_results_intro"


class NeedlessRepository(FakeRepository):
    """Finds nothing when asked for a need, something without it."""

    def search(self, **query):
        self.queries.append(query)
        return [] if query.get("eligibility") or query.get("languages") else [record("plain")]


async def test_when_nothing_matches_the_need_results_without_it_are_shown_and_said_so():
    repository = NeedlessRepository()
    dispatcher, _ = await run(ActionFindServices(lambda: repository), {**LONDON_SLOTS, "need": "no_police_contact"}, intent="choose_need")
    assert len(repository.queries) == 2 and "eligibility" not in repository.queries[1]
    assert responses(dispatcher) == ["utter_results_need_relaxed", "utter_result_nearby", "utter_what_next"]


async def test_a_country_means_national_and_online_help_with_no_point():
    from resources_db.records import Place, Point

    class CountryGazetteer:
        def resolve(self, text, preferred_country=None):
            return Place("United Kingdom", "GB", Point(51.5, -0.12), kind="country")

    dispatcher = CollectingDispatcher()
    result = ValidateHelpSearchForm(lambda: CountryGazetteer()).validate_place("only the uk", dispatcher, tracker(), {})
    assert result["place_country"] == "GB" and result["place_name"] == "United Kingdom"
    assert result["place_lat"] is None and result["place_lon"] is None
    assert responses(dispatcher) == ["utter_place_country"]


async def test_a_name_shared_by_several_places_says_which_one_was_chosen():
    from resources_db.records import Place, Point

    class AmbiguousGazetteer:
        def resolve(self, text, preferred_country=None):
            return Place("London", "GB", Point(51.5, -0.12), alternatives=3)

    dispatcher = CollectingDispatcher()
    ValidateHelpSearchForm(lambda: AmbiguousGazetteer()).validate_place("london", dispatcher, tracker(), {})
    assert dispatcher.messages[0]["response"] == "utter_place_found_ambiguous"
    assert dispatcher.messages[0]["place_short"] == "London"


async def test_a_named_language_is_confirmed():
    from bot.actions.switch_language import ActionSwitchLanguage

    dispatcher = CollectingDispatcher()
    chosen = tracker({"language": "es"}, "set_language", "español")
    chosen.latest_message["entities"] = [{"entity": "language", "value": "es"}]
    assert await ActionSwitchLanguage().run(dispatcher, chosen, {}) == []
    assert responses(dispatcher) == ["utter_language_changed"]


async def test_no_named_language_offers_the_picker():
    from bot.actions.switch_language import ActionSwitchLanguage

    dispatcher, events = await run(ActionSwitchLanguage(), {"language": "en"}, "set_language", "other language")
    assert responses(dispatcher) == ["utter_language_picker"] and events == []


class FormsInOrder:
    """A stand-in for bot.language.places.PlaceForms that offers fixed forms."""

    def __init__(self, *forms):
        self._forms = list(forms)

    def forms(self, text, language):
        return [text, *self._forms]


async def test_the_place_is_resolved_from_the_first_form_the_gazetteer_knows():
    dispatcher = CollectingDispatcher()
    form = ValidateHelpSearchForm(lambda: GAZETTEER, lambda: FormsInOrder("qqq", "london"))
    result = form.validate_place("somewhere odd", dispatcher, tracker({"language": "ro"}), {})
    assert result["place_country"] == "GB"
