import pytest

from resources_db.cli import build_parser, main
from tests.resources_db.hsds_fixtures import EXAMPLES, with_valid_coordinates


@pytest.fixture
def db(sqlite_settings):
    return ["--db", sqlite_settings.url]


def test_init_search_and_stats(db, capsys):
    assert main([*db, "init"]) == 0
    out = capsys.readouterr().out
    assert "20 services" in out and "Real national helplines: 2" in out
    assert main([*db, "search", "--category", "shelter", "--lat", "51.5", "--lon", "-0.12"]) == 0
    out = capsys.readouterr().out
    assert "Emergency night shelter" in out and "+44 20 7946 0101" in out
    assert main([*db, "stats"]) == 0
    out = capsys.readouterr().out
    assert "services: 22" in out and "emergency numbers: " in out


def test_init_twice_changes_nothing(db, capsys):
    main([*db, "init"])
    main([*db, "stats"])
    first = capsys.readouterr().out.split("Database ready")[-1]
    main([*db, "init"])
    main([*db, "stats"])
    assert capsys.readouterr().out.split("Database ready")[-1] == first


def test_init_without_sample_keeps_only_real_helplines(db, capsys):
    assert main([*db, "init", "--no-sample"]) == 0
    main([*db, "stats"])
    assert "services: 2" in capsys.readouterr().out.splitlines()
    assert main([*db, "search", "--category", "hotline", "--country", "US"]) == 0
    out = capsys.readouterr().out
    assert "1-888-373-7888, 233733 (text)" in out and "not recently verified" in out


def test_search_by_place_name_with_filters(db, capsys):
    main([*db, "init"])
    capsys.readouterr()
    assert main([*db, "search", "--place", "in Londres", "--category", "shelter", "--open-now", "--radius", "20"]) == 0
    out = capsys.readouterr().out
    assert "Place: London (GB)" in out and "Emergency night shelter" in out


def test_import_dry_run_then_import_then_export(db, tmp_path, capsys):
    main([*db, "init", "--no-sample"])
    package = with_valid_coordinates(tmp_path, "csv")
    assert main([*db, "import", str(package), "--dry-run"]) == 0
    assert "service: 1 new" in capsys.readouterr().out
    main([*db, "stats"])
    assert "services: 2" in capsys.readouterr().out.splitlines()
    assert main([*db, "import", str(package / "datapackage.json")]) == 0
    main([*db, "stats"])
    assert "services: 3" in capsys.readouterr().out.splitlines()
    assert main([*db, "export", str(tmp_path / "out.json")]) == 0
    assert "Exported 3 services" in capsys.readouterr().out


def test_a_bad_import_exits_with_1_and_says_where(db, capsys):
    main([*db, "init", "--no-sample"])
    assert main([*db, "import", str(EXAMPLES / "csv")]) == 1
    assert "locations.csv:2: latitude: must be a number between -90 and 90, got 100.0" in capsys.readouterr().err


def test_stale_report(db, capsys):
    main([*db, "init"])
    capsys.readouterr()
    assert main([*db, "stale-report"]) == 0
    out = capsys.readouterr().out
    assert "real-svc-us-nhth" in out and "last verified: never" in out
    assert "2 stale service(s)" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["search", "--lat", "95", "--lon", "0"], "latitude must be"),
        (["search", "--lat", "50"], "give both --lat and --lon"),
        (["search", "--lat", "50", "--lon", "0", "--radius", "100000"], "radius must be"),
        (["search", "--place", "Qwxzzy'; DROP TABLE location; --"], "no place called"),
        (["import", "/nonexistent/file.json"], "file.json: not found"),
    ],
)
def test_bad_input_exits_with_1(db, capsys, argv, message):
    main([*db, "init"])
    capsys.readouterr()
    assert main([*db, *argv]) == 1
    assert message in capsys.readouterr().err


def test_unreachable_database_exits_with_3(capsys):
    assert main(["--db", "postgresql://nobody@127.0.0.1:1/none", "stats"]) == 3
    assert "database unavailable" in capsys.readouterr().err


def test_every_command_has_a_copy_pasteable_example():
    commands = build_parser()._subparsers._group_actions[0].choices
    assert set(commands) == {"init", "import", "export", "search", "stale-report", "stats"}
    for name, parser in commands.items():
        assert f"Example: resources-db {name}" in parser.description
