"""Password policy (等保): length from the live policy, three character classes, not the username."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from renda.core.models import User
from renda.security.passwords import PasswordPolicyValidator


def codes(password: str, user=None) -> set[str]:
    try:
        PasswordPolicyValidator().validate(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.django_db
class TestPasswordPolicy:
    def test_good_password_passes(self):
        assert codes("Qingshan#2026") == set()

    def test_too_short(self, policy):
        assert "password_too_short" in codes("Ab#12345")

    def test_length_follows_live_policy(self, policy):
        policy.password_min_length = 14
        policy.save()
        assert "password_too_short" in codes("Qingshan#2026")  # 13 characters
        assert codes("Qingshan#20261") == set()

    @pytest.mark.parametrize(
        "password", ["qingshanxian2026", "QINGSHAN#####", "abcdefghijkl", "1234567890123"]
    )
    def test_needs_three_character_classes(self, password):
        assert "password_too_simple" in codes(password)

    @pytest.mark.parametrize("password", ["qingshan2026X", "qingshan#2026", "QINGSHAN#2026"])
    def test_three_classes_are_enough(self, password):
        assert codes(password) == set()

    def test_must_not_contain_username_in_any_case(self):
        user = User(username="WangFang")
        assert "password_contains_username" in codes("x#2026wangfangY", user)
        assert codes("x#2026LiuMingY", user) == set()

    def test_messages_are_chinese_and_name_the_rule(self):
        with pytest.raises(ValidationError) as exc:
            validate_password("abc", User(username="abc"))
        text = " ".join(exc.value.messages)
        assert "至少 10 位" in text
        assert "三类" in text
        assert "用户名" in text

    def test_help_text(self, policy):
        assert "10" in PasswordPolicyValidator().get_help_text()
