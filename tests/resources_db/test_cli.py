from resources_db.cli import main


def test_init_search_and_stats(sqlite_settings, capsys):
    db = ["--db", sqlite_settings.url]
    assert main([*db, "init"]) == 0
    assert "20 services" in capsys.readouterr().out
    assert main([*db, "search", "--category", "shelter", "--lat", "51.5", "--lon", "-0.12"]) == 0
    out = capsys.readouterr().out
    assert "Emergency night shelter" in out and "+44 20 7946 0101" in out
    assert main([*db, "stats"]) == 0
    assert "services: 20" in capsys.readouterr().out


def test_init_without_sample_creates_an_empty_database(sqlite_settings, capsys):
    assert main(["--db", sqlite_settings.url, "init", "--no-sample"]) == 0
    main(["--db", sqlite_settings.url, "stats"])
    assert "services: 0" in capsys.readouterr().out


def test_bad_coordinates_exit_with_1(sqlite_settings, capsys):
    main(["--db", sqlite_settings.url, "init"])
    assert main(["--db", sqlite_settings.url, "search", "--lat", "95", "--lon", "0"]) == 1
    assert "latitude must be" in capsys.readouterr().err
    assert main(["--db", sqlite_settings.url, "search", "--lat", "50"]) == 1


def test_unreachable_database_exits_with_3(capsys):
    assert main(["--db", "postgresql://nobody@127.0.0.1:1/none", "stats"]) == 3
    assert "database unavailable" in capsys.readouterr().err
