from __future__ import annotations

import pytest
from django.test import Client

from crystal_learning.xapi.services import credential_create
from tests.xapi.helpers import SECRET, XAPIClient


@pytest.fixture
def lrs_client(db, client):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    return XAPIClient(client, key="tool")


@pytest.fixture
def reader(db, client):
    credential_create(name="reader", secret=SECRET, scopes=["statements/read"])
    return XAPIClient(Client(), key="reader")
