"""core.forms: every text field stripped once, Vietnamese messages, the one money field."""
import pytest
from wtforms import FieldList, FormField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from core.forms import Form, MoneyField, error_list
from core.money import MONEY_FORMAT, NEGATIVE


class Row(Form):
    class Meta:
        csrf = False

    label = StringField()
    price = MoneyField(validators=[Optional()])


class Sample(Form):
    class Meta:
        csrf = False

    name = StringField(filters=[str.upper])
    note = TextAreaField()
    secret = PasswordField()
    count = IntegerField(validators=[Optional()])
    amount = MoneyField(validators=[InputRequired("Vui lòng nhập số tiền.")])
    rows = FieldList(FormField(Row), min_entries=1)


def submit(app, **data):
    with app.test_request_context(method="POST", data=data):
        form = Sample()
        form.validate()
        return form


def test_text_fields_are_stripped_once_and_a_missing_one_is_empty(app):
    form = submit(app, name="  thái nguyên \t", note="\n dòng một\n dòng hai \n",
                  secret="  mật khẩu có dấu cách  ", amount="1", **{"rows-0-label": "  a "})
    assert form.name.data == "THÁI NGUYÊN"  # the field's own filter runs after the strip
    assert form.note.data == "dòng một\n dòng hai"
    assert form.secret.data == "  mật khẩu có dấu cách  "  # a password keeps every character
    assert form.rows.entries[0].form.label.data == "a"
    assert submit(app, amount="1").note.data == ""


@pytest.mark.parametrize(("typed", "amount"), [
    ("1250000", 1_250_000), ("1.250.000", 1_250_000), ("1 250 000", 1_250_000),
    (" 1.250.000 đ ", 1_250_000), ("0", 0)])
def test_the_money_field_accepts_each_way_of_grouping(app, typed, amount):
    form = submit(app, amount=typed, **{"rows-0-price": typed})
    assert form.errors == {} and form.amount.data == amount
    assert form.rows.entries[0].form.price.data == amount


@pytest.mark.parametrize(("typed", "message"), [
    ("1,250,000", MONEY_FORMAT), ("-5", NEGATIVE), ("1.25", MONEY_FORMAT),
    ("", "Vui lòng nhập số tiền.")])
def test_a_refused_amount_says_why_and_is_shown_back_as_typed(app, typed, message):
    form = submit(app, amount=typed)
    assert form.amount.errors == [message]
    assert form.amount._value() == typed


def test_a_stored_amount_is_shown_grouped_with_dots(app):
    with app.test_request_context():
        form = Sample(data={"amount": 2_500_000_000})
    assert form.amount._value() == "2.500.000.000"
    assert 'inputmode="numeric"' in form.amount()


def test_wtforms_own_messages_are_vietnamese_and_collected_flat(app):
    form = submit(app, amount="1", count="hai", **{"rows-0-price": "x"})
    assert form.count.errors == ["Vui lòng nhập một số nguyên."]
    assert error_list(form) == ["Vui lòng nhập một số nguyên.", MONEY_FORMAT]
