from huitoukan_tui.services import cases


def test_demo_has_34_cases(demo_db, run_cli):
    from huitoukan_tui.models import User

    admin = User.get(User.login == "admin")
    assert cases.count_cases(admin) == 34
    result = run_cli(["cases", "--format", "json"])
    assert result.exit_code == 0
