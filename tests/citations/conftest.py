"""The paper's 63 endnotes as the author pastes them, shared by the citations tests."""

import pytest

from archive.demo import sample
from citations.demo import endnote_block


@pytest.fixture(scope="session")
def endnote_paste():
    return endnote_block(sample()["endnotes"]["notes"])
