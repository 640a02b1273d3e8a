from asip_desktop.core.conditions import MISSING, evaluate


def lookup_from(d):
    return lambda q: d.get(q, MISSING)


def test_three_valued_logic():
    defs = {"d": {"q": "a", "eq": 1}}
    known = lookup_from({"a": 1, "b": [2]})
    unknown = lookup_from({})
    assert evaluate({"q": "a", "eq": 1}, known, defs) is True
    assert evaluate({"q": "a", "eq": 1}, unknown, defs) is None
    assert evaluate({"all": [{"q": "a", "eq": 2}, {"q": "z", "eq": 1}]}, known, defs) is False
    assert evaluate({"all": [{"q": "a", "eq": 1}, {"q": "z", "eq": 1}]}, known, defs) is None
    assert evaluate({"any": [{"q": "a", "eq": 1}, {"q": "z", "eq": 1}]}, known, defs) is True
    assert evaluate({"any": [{"q": "a", "eq": 2}, {"q": "z", "eq": 1}]}, known, defs) is None
    assert evaluate({"not": {"q": "z", "eq": 1}}, known, defs) is None
    assert evaluate({"not": {"ref": "d"}}, known, defs) is False
    assert evaluate({"q": "b", "contains": 2}, known, defs) is True
    assert evaluate({"q": "b", "not_empty": True}, known, defs) is True
    assert evaluate({"q": "a", "in": [3, 4]}, known, defs) is False


def test_answered_is_never_unknown():
    from asip_desktop.core.conditions import MISSING, evaluate

    def lookup(answers):
        return lambda q: answers.get(q, MISSING)

    cond = {"q": "a", "answered": False}
    assert evaluate(cond, lookup({}), {}) is True
    assert evaluate(cond, lookup({"a": "x"}), {}) is False
    assert evaluate({"q": "a", "answered": True}, lookup({"a": "x"}), {}) is True


def test_contains_reads_a_single_string_as_a_list_of_one():
    from asip_desktop.core.conditions import evaluate

    cond = {"q": "d", "contains": "droits_retraite"}
    assert evaluate(cond, lambda q: "droits_retraite_bis", {}) is False
    assert evaluate(cond, lambda q: "droits_retraite", {}) is True
