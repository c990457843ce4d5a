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
  static const Words kAwaitingParcel{"czeka na wysłanie przesyłki zamówienia",
                                     "waiting for the order's parcel to be sent"};
  static const Words kAwaitingOrder{"przesyłkę wysłano $0; czeka na dane kupującego z zamówienia",
                                    "parcel sent $0; waiting for the order's buyer"};
  static const Words kYear{"$3: rok spoza obsługiwanego zakresu: „$4”",
                           "$3: a year out of range: “$4”"};
  static const Words kXml{
      "Shoper wysłał webhook w formacie XML, którego Opinus nie odczyta: w panelu sklepu wybierz "
      "Konfiguracja → Administracja, system → Webhooki, edytuj webhook Opinus i ustaw Format: "
      "JSON",
      "Shoper sent the webhook as XML, which Opinus cannot read: in the shop's admin open "
      "Konfiguracja → Administracja, system → Webhooki, edit the Opinus webhook and set "
      "Format: JSON"};
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
    case v1::ORDER_EVENT_REASON_XML_FORMAT:
      return &kXml;
    case v1::ORDER_EVENT_REASON_AWAITING_PARCEL:
      return &kAwaitingParcel;
    case v1::ORDER_EVENT_REASON_AWAITING_ORDER:
      return &kAwaitingOrder;
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

// InvitationCodeWords returns the words of `reason`'s code, in which $0 is
// its time, $1 its count, $2 its limit, $3 the mail (invitation or
// reminder), $4 the source, $5 its status id; nullptr for a code without
// words.
const Words* InvitationCodeWords(const v1::InvitationReason& reason) {
  static const Words kShopUnavailable{
      "wstrzymane: chwilowo nie udało się odczytać sklepu, ponowimy próbę",
      "held: the shop could not be read for a moment, we will try again"};
  static const Words kSendingOff{"wysyłka zaproszeń jest w tym sklepie wyłączona",
                                 "sending is off for this shop"};
  static const Words kOutsideHours{"poza godzinami wysyłki sklepu; wyślemy od $0",
                                   "outside the shop's sending hours; it leaves from $0"};
  static const Words kSuppressionsUnavailable{
      "wstrzymane: chwilowo nie udało się odczytać listy wykluczeń, ponowimy próbę",
      "held: the suppression list could not be read for a moment, we will try again"};
  static const Words kDailyCap{
      "wstrzymane: sklep czekający na zatwierdzenie przez operatora wysyła do $2 wiadomości "
      "dziennie ($1 w ciągu ostatnich 24 godzin)",
      "held: a shop awaiting an operator's approval sends at most $2 mails a day ($1 in the last "
      "24 hours)"};
  static const Words kUncounted{
      "wstrzymane: chwilowo nie udało się policzyć wiadomości sklepu czekającego na "
      "zatwierdzenie, ponowimy próbę",
      "held: the mails of a shop awaiting approval could not be counted for a moment, we will "
      "try again"};
  static const Words kOwnerUnconfirmed{
      "wstrzymane: właściciel sklepu nie potwierdził jeszcze swojego adresu e-mail",
      "held: the shop's owner has not confirmed their e-mail address yet"};
  static const Words kOwnerUnchecked{
      "wstrzymane: chwilowo nie udało się sprawdzić, czy właściciel potwierdził adres e-mail, "
      "ponowimy próbę",
      "held: whether the shop's owner confirmed their e-mail address could not be checked for a "
      "moment, we will try again"};
  static const Words kRetrying{"próba $1 nieudana, kolejna $0",
                               "attempt $1 failed, the next at $0"};
  static const Words kTokenNotStored{
      "chwilowo nie udało się zapisać linku do opinii, ponowimy próbę",
      "the opinion link could not be stored for a moment, we will try again"};
  static const Words kStopping{"oddane niewysłane: proces wysyłki kończył pracę, ponowimy próbę",
                               "given back unsent: the dispatcher was stopping, we will try again"};
  static const Words kRefused{"serwer pocztowy odrzucił na stałe $3",
                              "the mail server refused the $3 for good"};
  static const Words kGaveUp{"$3 nie wyszło po $1 nieudanych próbach",
                             "the $3 did not leave after $1 failed attempts"};
  static const Words kAccepted{"serwer pocztowy przyjął $3", "the mail server accepted the $3"};
  static const Words kSuppressedHere{"adres poprosił, by ten sklep do niego nie pisał ($4, $0)",
                                     "the address asked not to be mailed by this shop ($4, $0)"};
  static const Words kSuppressedEverywhere{
      "adres poprosił, by żaden sklep do niego nie pisał ($4, $0)",
      "the address asked not to be mailed by any shop ($4, $0)"};
  static const Words kUnsubscribedHere{"klient zrezygnował z wiadomości tego sklepu ($4)",
                                       "the customer unsubscribed from this shop's mails ($4)"};
  static const Words kUnsubscribedEverywhere{
      "klient zrezygnował z wiadomości wszystkich sklepów ($4)",
      "the customer unsubscribed from every shop's mails ($4)"};
  static const Words kBounced{"wiadomość wróciła: serwer odbiorcy odrzucił ją na stałe",
                              "the mail came back: the receiving server refused it for good"};
  static const Words kCancelledByOwner{"na prośbę właściciela sklepu",
                                       "at the shop owner's request"};
  static const Words kResentByOwner{"ponownie, na prośbę właściciela sklepu",
                                    "again, at the shop owner's request"};
  static const Words kCancelledByOperator{"na prośbę operatora Opinus",
                                          "at an Opinus operator's request"};
  static const Words kResentByOperator{"ponownie, na prośbę operatora Opinus",
                                       "again, at an Opinus operator's request"};
  static const Words kNotRealised{"zamówienie niezrealizowane (status $5)",
                                  "order not realised (status $5)"};
  static const Words kDeleted{"zamówienie usunięte", "order deleted"};
  static const Words kUninstalled{"sklep odinstalował aplikację Opinus w Shoper",
                                  "the shop uninstalled the Opinus app in Shoper"};
  static const Words kErased{"dane klienta usunięto na jego prośbę",
                             "the customer's data were erased at their request"};
  static const Words kReviewed{"klient wystawił opinię", "the customer gave an opinion"};
  static const Words kOwnerDeleting{
      "wstrzymane: właściciel sklepu poprosił o usunięcie konta; zalogowanie się przed "
      "terminem usunięcia wznowi wysyłkę",
      "held: the shop's owner asked to delete their account; logging in before the deletion "
      "resumes sending"};
  switch (reason.code()) {
    case v1::INVITATION_REASON_SHOP_UNAVAILABLE:
      return &kShopUnavailable;
    case v1::INVITATION_REASON_SENDING_OFF:
      return &kSendingOff;
    case v1::INVITATION_REASON_OUTSIDE_SENDING_HOURS:
      return &kOutsideHours;
    case v1::INVITATION_REASON_SUPPRESSIONS_UNAVAILABLE:
      return &kSuppressionsUnavailable;
    case v1::INVITATION_REASON_UNAPPROVED_DAILY_CAP:
      return &kDailyCap;
    case v1::INVITATION_REASON_UNAPPROVED_UNCOUNTED:
      return &kUncounted;
    case v1::INVITATION_REASON_OWNER_UNCONFIRMED:
      return &kOwnerUnconfirmed;
    case v1::INVITATION_REASON_OWNER_UNCHECKED:
      return &kOwnerUnchecked;
    case v1::INVITATION_REASON_TOKEN_NOT_STORED:
      return &kTokenNotStored;
    case v1::INVITATION_REASON_DISPATCHER_STOPPING:
      return &kStopping;
    case v1::INVITATION_REASON_RETRYING:
      return &kRetrying;
    case v1::INVITATION_REASON_REFUSED:
      return &kRefused;
    case v1::INVITATION_REASON_GAVE_UP:
      return &kGaveUp;
    case v1::INVITATION_REASON_ACCEPTED:
      return &kAccepted;
    case v1::INVITATION_REASON_ADDRESS_SUPPRESSED:
      return reason.all_shops() ? &kSuppressedEverywhere : &kSuppressedHere;
    case v1::INVITATION_REASON_UNSUBSCRIBED:
      return reason.all_shops() ? &kUnsubscribedEverywhere : &kUnsubscribedHere;
    case v1::INVITATION_REASON_BOUNCED:
      return &kBounced;
    case v1::INVITATION_REASON_CANCELLED_BY_OWNER:
      return &kCancelledByOwner;
    case v1::INVITATION_REASON_RESENT_BY_OWNER:
      return &kResentByOwner;
    case v1::INVITATION_REASON_CANCELLED_BY_OPERATOR:
      return &kCancelledByOperator;
    case v1::INVITATION_REASON_RESENT_BY_OPERATOR:
      return &kResentByOperator;
    case v1::INVITATION_REASON_ORDER_NOT_REALISED:
      return &kNotRealised;
    case v1::INVITATION_REASON_ORDER_DELETED:
      return &kDeleted;
    case v1::INVITATION_REASON_APP_UNINSTALLED:
      return &kUninstalled;
    case v1::INVITATION_REASON_DATA_ERASED:
      return &kErased;
    case v1::INVITATION_REASON_REVIEWED:
      return &kReviewed;
    case v1::INVITATION_REASON_OWNER_DELETING:
      return &kOwnerDeleting;
    default:
      return nullptr;
  }
}

// SourceWords returns how an address asked not to be mailed, in `language`;
// the source itself for one it does not know.
std::string SourceWords(absl::string_view source, absl::string_view language) {
  static const struct {
    const char* source;
    Words words;
  } kSources[] = {
      {"one-click", {"rezygnacja jednym kliknięciem", "one-click unsubscribe"}},
      {"unsubscribe page", {"strona rezygnacji", "unsubscribe page"}},
      {"bounce", {"wiadomość odbita", "bounce"}},
      {"complaint", {"zgłoszenie spamu", "spam complaint"}},
      {"operator", {"operator Opinus", "Opinus operator"}},
  };
  for (const auto& known : kSources) {
    if (source == known.source) return known.words.In(language);
  }
  return std::string(source);
}

constexpr Words kInvitationMail{"zaproszenie", "invitation"};
constexpr Words kReminderMail{"przypomnienie", "reminder"};
constexpr Words kHandover{
    "; $0 mogło wyjść $1: proces wysyłki zatrzymał się przed zapisaniem odpowiedzi serwera",
    "; the $0 may have left at $1: the dispatcher stopped before it recorded the server's answer"};

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

std::string InvitationReasonWords(const v1::InvitationReason& reason, absl::string_view language,
                                  const absl::TimeZone& zone) {
  const Words* words = InvitationCodeWords(reason);
  if (words == nullptr) return "";
  const char* mail = (reason.reminder() ? kReminderMail : kInvitationMail).In(language);
  std::string text = absl::Substitute(
      words->In(language), FormatDateTime(reason.time(), language, zone), reason.count(),
      reason.limit(), mail, SourceWords(reason.source(), language), reason.status_id());
  if (reason.has_handover_time()) {
    absl::SubstituteAndAppend(&text, kHandover.In(language), mail,
                              FormatDateTime(reason.handover_time(), language, zone));
  }
  return text;
}

std::string QuotedDetail(const v1::InvitationReason& reason) {
  switch (reason.code()) {
    case v1::INVITATION_REASON_RETRYING:
    case v1::INVITATION_REASON_REFUSED:
    case v1::INVITATION_REASON_GAVE_UP:
    case v1::INVITATION_REASON_ACCEPTED:
    case v1::INVITATION_REASON_BOUNCED:
    case v1::INVITATION_REASON_CANCELLED_BY_OWNER:
    case v1::INVITATION_REASON_RESENT_BY_OWNER:
    case v1::INVITATION_REASON_CANCELLED_BY_OPERATOR:
    case v1::INVITATION_REASON_RESENT_BY_OPERATOR:
      return reason.detail();
    default:
      return "";
  }
}

std::string StatedStatusTimeWords(const v1::OrderEventReason& reason, absl::string_view language,
                                  const absl::TimeZone& zone) {
  if (!reason.has_stated_status_time()) return "";
  return absl::Substitute(kStatedStatusTime.In(language),
                          FormatDateTime(reason.stated_status_time(), language, zone));
}

}  // namespace opinus::gateway
