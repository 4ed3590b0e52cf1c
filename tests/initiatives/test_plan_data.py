"""The plan loaded by migration matches PLAN-TASKS.md: codes, counts, both names."""

from __future__ import annotations

import pytest

from initiatives.models import Action, Horizon, Task, TechnologyField

pytestmark = pytest.mark.django_db

ACTION_NAMES = {
    "A1": "碳中和人才培养提质行动",
    "A2": "碳中和基础研究突破行动",
    "A3": "碳中和关键技术攻关行动",
    "A4": "碳中和创新能力提升行动",
    "A5": "碳中和科技成果转化行动",
    "A6": "碳中和国际合作交流行动",
    "A7": "碳中和战略研究创新行动",
}
MEASURE_NAMES = {"O1": "加强顶层设计", "O2": "优化资源配置", "O3": "加强宣传推广"}
TASKS_PER_ACTION = {"A1": 6, "A2": 3, "A3": 3, "A4": 4, "A5": 5, "A6": 6, "A7": 6}
FIELDS_PER_GROUP = {"R": 11, "Z": 20, "N": 6, "B": 7}


def test_three_horizons_with_default_years_and_goals():
    horizons = list(Horizon.objects.values_list("code", "start_year", "end_year"))

    assert horizons == [("H1", 2021, 2025), ("H2", 2026, 2030), ("H3", 2031, 2060)]
    h1 = Horizon.objects.get(code="H1")
    assert h1.name_zh == "近期目标"
    assert h1.goal_zh.startswith("利用 3—5 年时间，在高校系统布局建设一批碳中和领域")
    assert all(h.goal_en and h.name_en for h in Horizon.objects.all())


@pytest.mark.parametrize(
    ("year", "code"), [(2021, "H1"), (2023, "H1"), (2027, "H2"), (2045, "H3")]
)
def test_horizon_in_force_for_a_data_year(year, code):
    assert Horizon.for_year(year).code == code


def test_no_horizon_outside_the_plan_years():
    assert Horizon.for_year(2020) is None
    assert Horizon.for_year(2061) is None


def test_seven_actions_and_three_measures_named_as_in_the_plan():
    actions = dict(
        Action.objects.filter(kind=Action.Kind.ACTION).values_list("code", "name_zh")
    )
    measures = dict(
        Action.objects.filter(kind=Action.Kind.MEASURE).values_list("code", "name_zh")
    )

    assert actions == ACTION_NAMES
    assert measures == MEASURE_NAMES
    assert list(Action.objects.values_list("code", flat=True)) == [
        *ACTION_NAMES,
        *MEASURE_NAMES,
    ]


def test_each_action_carries_its_paragraph_of_the_plan():
    a3 = Action.objects.get(code="A3")

    assert a3.source_zh.startswith("加快碳减排关键技术攻关。")
    assert "开发钢铁、化工、建材、石化、有色等重点行业的零碳工业流程再造技术。" in (
        a3.source_zh
    )
    for action in Action.objects.all():
        assert action.summary_zh and action.summary_en and action.source_zh


def test_thirty_three_tasks_in_plan_order():
    counts = {
        code: Task.objects.filter(action__code=code).count()
        for code in TASKS_PER_ACTION
    }

    assert counts == TASKS_PER_ACTION
    assert Task.objects.count() == 33
    assert not Task.objects.filter(action__kind=Action.Kind.MEASURE).exists()
    codes = list(Task.objects.values_list("code", flat=True))
    assert codes[:3] == ["A1.1", "A1.2", "A1.3"]
    assert codes[-1] == "A7.6"


def test_task_source_is_the_full_sentence_of_the_plan():
    a1_1 = Task.objects.get(code="A1.1")
    a2_2 = Task.objects.get(code="A2.2")

    assert a1_1.name_zh == "未来技术学院与示范性能源学院"
    assert a1_1.source_zh == (
        "推进碳中和未来技术学院和示范性能源学院建设，布局一批适应未来技术研究所需的"
        "科教资源和数字化资源平台，打造引领未来科技发展和有效培养复合型、创新型人才的"
        "教学科研高地。"
    )
    assert "气候变化下的生态系统安全-重大风险识别与人类活动适应机制" in a2_2.source_zh
    assert not Task.objects.filter(source_zh__contains="…").exists()


def test_every_plan_item_has_both_names():
    for model in (Horizon, Action, Task, TechnologyField):
        for obj in model.objects.all():
            assert obj.name_zh.strip() and obj.name_en.strip(), obj.code


def test_technology_fields_by_group():
    counts = {
        group: TechnologyField.objects.filter(group=group).count()
        for group in FIELDS_PER_GROUP
    }

    assert counts == FIELDS_PER_GROUP
    assert TechnologyField.objects.get(code="T-R01").name_zh == "多能互补耦合"
    assert TechnologyField.objects.get(code="T-Z14").name_zh == "氢能（制、储、运、用）"
    assert TechnologyField.objects.get(code="T-B07").name_zh == "地质碳封存"
    assert not TechnologyField.objects.filter(code="T-Z21").exists()
