import pytest

from kosilab.core.sectors import Sector, blau_index, sector_balance


def test_blau_index_is_zero_for_one_sector_and_one_for_an_even_spread():
    assert blau_index([5, 0, 0, 0]) == 0.0
    assert blau_index([3, 3, 3, 3]) == pytest.approx(1.0)
    assert blau_index([0, 0, 0, 0]) == 0.0


def test_blau_index_of_two_equal_sectors_out_of_four():
    # 1 - (0.5² + 0.5²) = 0.5, normalised by 0.75
    assert blau_index([2, 2, 0, 0]) == pytest.approx(2 / 3)


def test_sector_balance_names_the_wanted_sectors_that_are_missing():
    balance = sector_balance({"public": 2, "science": 1}, wanted=["public", "business", "science"])
    assert balance.total == 3
    assert balance.missing == [Sector.BUSINESS]
    shares = {share.sector: share for share in balance.shares}
    assert shares[Sector.PUBLIC].percent == 67
    assert shares[Sector.CIVIL_SOCIETY].wanted is False
    assert 0 < balance.index_percent < 100


def test_sector_balance_without_members_warns_for_every_wanted_sector():
    balance = sector_balance({}, wanted=["civil_society"])
    assert balance.missing == [Sector.CIVIL_SOCIETY]
    assert balance.index == 0.0
