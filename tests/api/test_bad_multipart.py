"""A multipart body the server cannot parse is the client's fault: 400 in the API's error shape."""

import pytest

from renda.api import errors as codes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\x00"],
)
def test_multipart_without_boundary_answers_400_json(world, as_user, content_type):
    client = as_user(world.staff_a)
    response = client.generic(
        "POST", "/api/v1/cases/1/attach", data=b"--x\r\n\r\nabc", content_type=content_type
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == codes.BAD_REQUEST
    assert "multipart" in body["message"]
    assert body["fields"] == {"body": "表单数据格式不正确。"}
