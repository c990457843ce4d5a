#include "gateway/panel/reason_words.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "gateway/http/page_language.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// Words is one text in the panel's two languages.
struct Words {
  const char* polish;
  const char* english;

  const char* In(absl::string_view language) const {
    return PageLanguage(language) == "en" ? english : polish;
  }
};

// CodeWords returns the words of `code`, in which $0 is the reason's time,
// $1 its status id, $2 the invitation's state, $3 the field, $4 the value;
// nullptr for a code without words.
const Words* CodeWords(v1::OrderEventReasonCode code) {
  static const Words kDue{"termin wysyłki $0", "due $0"};
  static const Words kAlreadyReceived{"ten status zamówienia już dotarł wcześniej",
                                      "this status of the order came before"};
  static const Words kHasInvitation{"zamówienie ma już zaproszenie ($2)",
                                    "the order has an invitation already ($2)"};
  static const Words kNotAnOrderEvent{"zdarzenie nie dotyczy zamówienia", "not an order event"};
  static const Words kWasDeleted{"zamówienie usunięto wcześniej", "the order was deleted before"};
  static const Words kOlder{"starsze niż ostatni otrzymany status ($1 z $0)",
                            "older than the last status received ($1 of $0)"};
  static const Words kNotATrigger{"status $1 nie uruchamia zaproszeń",
                                  "status $1 does not trigger invitations"};
  static const Words kSendingOff{"wysyłka zaproszeń jest w tym sklepie wyłączona",
                                 "sending is off for this shop"};
  static const Words kNotRealised{"zamówienie niezrealizowane (status $1)",
                                  "order not realised (status $1)"};
  static const Words kDeleted{"zamówienie usunięte", "order deleted"};
  static const Words kEmpty{"$3: puste", "$3: empty"};
  static const Words kMissing{"$3: brak wartości lub wartość nieznana", "$3: missing or unknown"};
  static const Words kTooLong{"$3: za długie", "$3: too long"};
  static const Words kControl{"$3: zawiera znaki sterujące", "$3: contains control characters"};
  static const Words kNotAnEmail{"$3: to nie jest adres e-mail: „$4”",
                                 "$3: not an e-mail address: “$4”"};
  static const Words kNotADate{"$3: to nie jest data i godzina (RRRR-MM-DD GG:MM:SS): „$4”",
                               "$3: not a date and time (YYYY-MM-DD HH:MM:SS): “$4”"};
  static const Words kYear{"$3: rok spoza obsługiwanego zakresu: „$4”",
                           "$3: a year out of range: “$4”"};
  switch (code) {
    case v1::ORDER_EVENT_REASON_INVITATION_DUE:
      return &kDue;
    case v1::ORDER_EVENT_REASON_STATUS_ALREADY_RECEIVED:
      return &kAlreadyReceived;
    case v1::ORDER_EVENT_REASON_ORDER_HAS_INVITATION:
      return &kHasInvitation;
    case v1::ORDER_EVENT_REASON_NOT_AN_ORDER_EVENT:
      return &kNotAnOrderEvent;
    case v1::ORDER_EVENT_REASON_ORDER_WAS_DELETED:
      return &kWasDeleted;
    case v1::ORDER_EVENT_REASON_OLDER_THAN_LAST_STATUS:
      return &kOlder;
    case v1::ORDER_EVENT_REASON_NOT_A_TRIGGER_STATUS:
      return &kNotATrigger;
    case v1::ORDER_EVENT_REASON_SENDING_OFF:
      return &kSendingOff;
    case v1::ORDER_EVENT_REASON_ORDER_NOT_REALISED:
      return &kNotRealised;
    case v1::ORDER_EVENT_REASON_ORDER_DELETED:
      return &kDeleted;
    case v1::ORDER_EVENT_REASON_FIELD_EMPTY:
      return &kEmpty;
    case v1::ORDER_EVENT_REASON_FIELD_MISSING:
      return &kMissing;
    case v1::ORDER_EVENT_REASON_FIELD_TOO_LONG:
      return &kTooLong;
    case v1::ORDER_EVENT_REASON_FIELD_CONTROL_CHARACTERS:
      return &kControl;
    case v1::ORDER_EVENT_REASON_NOT_AN_EMAIL_ADDRESS:
      return &kNotAnEmail;
    case v1::ORDER_EVENT_REASON_NOT_A_DATE_TIME:
      return &kNotADate;
    case v1::ORDER_EVENT_REASON_YEAR_OUT_OF_RANGE:
      return &kYear;
    default:
      return nullptr;
  }
}

// CancelWords returns what a cancel did, after its reason ($0: when the
// invitation left); nullptr when there is nothing to add.
const Words* CancelWords(v1::CancelResult result) {
  static const Words kNothing{"; nie było zaplanowanego zaproszenia do anulowania",
                              "; there was no scheduled invitation to cancel"};
  static const Words kTooLate{"; za późno: zaproszenie wysłano $0",
                              "; too late: the invitation left at $0"};
  static const Words kReminder{"; zaproszenie wysłano $0, anulowano przypomnienie",
                               "; the invitation left at $0, its reminder was cancelled"};
  switch (result) {
    case v1::CANCEL_RESULT_NOTHING_TO_CANCEL:
      return &kNothing;
    case v1::CANCEL_RESULT_TOO_LATE:
      return &kTooLate;
    case v1::CANCEL_RESULT_REMINDER_CANCELLED:
      return &kReminder;
    default:
      return nullptr;
  }
}

constexpr Words kStatedStatusTime{
    " (data statusu $0 wyprzedzała odbiór o ponad dobę: przyjęto czas odbioru)",
    " (the status date $0 was more than a day ahead of its receipt: taken as received)"};

}  // namespace

std::string FieldWords(absl::string_view field, absl::string_view language) {
  static const struct {
    const char* field;
    Words words;
  } kFields[] = {
      {"order_id", {"numer zamówienia", "order number"}},
      {"email", {"adres e-mail", "e-mail address"}},
      {"name", {"imię lub nazwisko", "first or last name"}},
      {"status.type", {"typ statusu", "status type"}},
      {"status_date", {"data statusu", "status date"}},
  };
  for (const auto& known : kFields) {
    if (field == known.field) return known.words.In(language);
  }
  return std::string(field);
}

std::string EventReasonWords(const v1::OrderEventReason& reason, absl::string_view language,
                             const absl::TimeZone& zone) {
  const Words* words = CodeWords(reason.code());
  if (words == nullptr) return "";
  const std::string time = FormatDateTime(reason.time(), language, zone);
  std::string text = absl::Substitute(words->In(language), time, reason.status_id(),
                                      InvitationStateLabel(reason.invitation_state(), language),
                                      FieldWords(reason.field(), language), reason.value());
  if (const Words* cancel = CancelWords(reason.cancel_result())) {
    absl::SubstituteAndAppend(&text, cancel->In(language), time);
  }
  return absl::StrCat(text, StatedStatusTimeWords(reason, language, zone));
}

std::string StatedStatusTimeWords(const v1::OrderEventReason& reason, absl::string_view language,
                                  const absl::TimeZone& zone) {
  if (!reason.has_stated_status_time()) return "";
  return absl::Substitute(kStatedStatusTime.In(language),
                          FormatDateTime(reason.stated_status_time(), language, zone));
}

}  // namespace opinus::gateway
