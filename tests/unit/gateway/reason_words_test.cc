// Tests of the words of the core's reasons (order events' and invitations')
// in the panel's languages: every code has them in Polish and English, the
// Polish ones hold no English word, times are the shop's, and the inspector's
// rows show one planned time.
#include "gateway/panel/reason_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// Words of the core's English reasons, and of English generally, that no
// Polish page should show. ("status" is Polish too.)
const std::set<std::string>& EnglishWords() {
  static const auto* const words = new std::set<std::string>{
      "a",          "already",     "an",           "as",         "at",          "before",
      "came",       "cancel",      "cancelled",    "characters", "contains",    "control",
      "date",       "day",         "deleted",      "due",        "empty",       "event",
      "first",      "for",         "has",          "invitation", "invitations", "is",
      "its",        "last",        "late",         "left",       "long",        "missing",
      "more",       "name",        "not",          "number",     "of",          "off",
      "older",      "order",       "out",          "range",      "realised",    "receipt",
      "received",   "reminder",    "scheduled",    "seen",       "sending",     "shop",
      "taken",      "than",        "the",          "there",      "this",        "time",
      "too",        "trigger",     "type",         "unknown",    "utc",         "was",
      "year",       "address",     "ahead",        "yyyy",       "hh",          "server",
      "any",        "answer",      "app",          "again",      "attempt",     "attempts",
      "back",       "began",       "came",         "could",      "customer",    "did",
      "dispatcher", "erased",      "every",        "failed",     "give",        "given",
      "good",       "held",        "hours",        "leave",      "link",        "mails",
      "moment",     "next",        "opinion",      "owner",      "owners",      "read",
      "refused",    "request",     "stopped",      "stopping",   "suppression", "try",
      "unsent",     "uninstalled", "unsubscribed", "will",       "yet",         "awaiting",
      "approval",   "confirmed",   "checked",      "counted",    "stored",      "list",
      "receiving",  "recorded",    "sends",        "spam",       "complaint",   "bounce",
      "page",       "unsubscribe", "accepted",     "asked",      "reminder",    "mailed",
      "from",       "with",        "their",        "was",        "were",        "whether",
      "which",      "what"};
  return *words;
}

// EnglishWordsIn returns the words of `text` that are English.
std::vector<std::string> EnglishWordsIn(const std::string& text) {
  std::vector<std::string> found;
  for (absl::string_view word :
       absl::StrSplit(text, absl::ByAnyChar(" :;,.()„”“\"-/?0123456789"), absl::SkipEmpty())) {
    const std::string lower = absl::AsciiStrToLower(word);
    if (EnglishWords().count(lower) != 0) found.push_back(lower);
  }
  return found;
}

// A reason of `code` with every parameter set.
v1::OrderEventReason FullReason(v1::OrderEventReasonCode code) {
  v1::OrderEventReason reason;
  reason.set_code(code);
  reason.mutable_time()->set_seconds(1715757125);  // 2024-05-15 07:12:05 UTC
  reason.set_status_id(5);
  reason.set_invitation_state(v1::INVITATION_STATE_SENT);
  reason.set_field("email");
  reason.set_value("x");
  return reason;
}

// Every code the contract has, from its descriptor: a code added there
// without words here fails the tests below.
std::vector<v1::OrderEventReasonCode> AllCodes() {
  std::vector<v1::OrderEventReasonCode> codes;
  const google::protobuf::EnumDescriptor* descriptor = v1::OrderEventReasonCode_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto code = static_cast<v1::OrderEventReasonCode>(descriptor->value(i)->number());
    if (code != v1::ORDER_EVENT_REASON_UNSPECIFIED) codes.push_back(code);
  }
  return codes;
}

const absl::TimeZone kWarsaw = PanelTimeZone("Europe/Warsaw").zone;

TEST(ReasonWordsTest, EveryCodeHasWordsInBothLanguages) {
  ASSERT_GT(AllCodes().size(), 10u);
  for (v1::OrderEventReasonCode code : AllCodes()) {
    SCOPED_TRACE(v1::OrderEventReasonCode_Name(code));
    const std::string polish = EventReasonWords(FullReason(code), "pl", kWarsaw);
    const std::string english = EventReasonWords(FullReason(code), "en", kWarsaw);
    EXPECT_FALSE(polish.empty());
    EXPECT_FALSE(english.empty());
    EXPECT_NE(polish, english);
  }
  EXPECT_EQ(EventReasonWords(v1::OrderEventReason(), "pl", kWarsaw), "");
}

TEST(ReasonWordsTest, ThePolishWordsHoldNoEnglishWord) {
  const v1::CancelResult results[] = {v1::CANCEL_RESULT_UNSPECIFIED, v1::CANCEL_RESULT_CANCELLED,
                                      v1::CANCEL_RESULT_NOTHING_TO_CANCEL,
                                      v1::CANCEL_RESULT_TOO_LATE,
                                      v1::CANCEL_RESULT_REMINDER_CANCELLED};
  for (v1::OrderEventReasonCode code : AllCodes()) {
    for (v1::CancelResult result : results) {
      for (const char* field : {"order_id", "email", "name", "status.type", "status_date"}) {
        v1::OrderEventReason reason = FullReason(code);
        reason.set_cancel_result(result);
        reason.set_field(field);
        reason.mutable_stated_status_time()->set_seconds(4102444799);
        const std::string polish = EventReasonWords(reason, "pl", kWarsaw);
        EXPECT_THAT(EnglishWordsIn(polish), ::testing::IsEmpty()) << polish;
        // The word list itself catches English: the same reason in English.
        EXPECT_THAT(EnglishWordsIn(EventReasonWords(reason, "en", kWarsaw)),
                    Not(::testing::IsEmpty()));
      }
    }
  }
}

TEST(ReasonWordsTest, ParametersAreWordedInTheShopsZoneAndLanguage) {
  v1::OrderEventReason older = FullReason(v1::ORDER_EVENT_REASON_OLDER_THAN_LAST_STATUS);
  EXPECT_EQ(EventReasonWords(older, "pl", kWarsaw),
            "starsze niż ostatni otrzymany status (5 z 15.05.2024 09:12)");
  EXPECT_EQ(EventReasonWords(older, "en", kWarsaw),
            "older than the last status received (5 of 2024-05-15 09:12)");

  v1::OrderEventReason rejected = FullReason(v1::ORDER_EVENT_REASON_NOT_AN_EMAIL_ADDRESS);
  rejected.set_value("jan.kowalski");
  EXPECT_EQ(EventReasonWords(rejected, "pl", kWarsaw),
            "adres e-mail: to nie jest adres e-mail: „jan.kowalski”");

  v1::OrderEventReason cancel = FullReason(v1::ORDER_EVENT_REASON_ORDER_DELETED);
  cancel.set_cancel_result(v1::CANCEL_RESULT_TOO_LATE);
  EXPECT_EQ(EventReasonWords(cancel, "pl", kWarsaw),
            "zamówienie usunięte; za późno: zaproszenie wysłano 15.05.2024 09:12");

  v1::OrderEventReason has = FullReason(v1::ORDER_EVENT_REASON_ORDER_HAS_INVITATION);
  EXPECT_EQ(EventReasonWords(has, "pl", kWarsaw), "zamówienie ma już zaproszenie (wysłane)");
  EXPECT_EQ(FieldWords("something_new", "pl"), "something_new");
}

// Every invitation reason code the contract has, from its descriptor.
std::vector<v1::InvitationReasonCode> AllInvitationCodes() {
  std::vector<v1::InvitationReasonCode> codes;
  const google::protobuf::EnumDescriptor* descriptor = v1::InvitationReasonCode_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto code = static_cast<v1::InvitationReasonCode>(descriptor->value(i)->number());
    if (code != v1::INVITATION_REASON_UNSPECIFIED) codes.push_back(code);
  }
  return codes;
}

// An invitation reason of `code` with every parameter set.
v1::InvitationReason FullInvitationReason(v1::InvitationReasonCode code) {
  v1::InvitationReason reason;
  reason.set_code(code);
  reason.mutable_time()->set_seconds(1715757125);  // 2024-05-15 07:12:05 UTC
  reason.set_status_id(8);
  reason.set_count(3);
  reason.set_limit(50);
  reason.set_source("one-click");
  reason.set_detail("550 5.1.1 User unknown");
  return reason;
}

TEST(InvitationReasonWordsTest, EveryCodeHasWordsInBothLanguages) {
  ASSERT_GT(AllInvitationCodes().size(), 20u);
  for (v1::InvitationReasonCode code : AllInvitationCodes()) {
    SCOPED_TRACE(v1::InvitationReasonCode_Name(code));
    const std::string polish = InvitationReasonWords(FullInvitationReason(code), "pl", kWarsaw);
    const std::string english = InvitationReasonWords(FullInvitationReason(code), "en", kWarsaw);
    EXPECT_FALSE(polish.empty());
    EXPECT_FALSE(english.empty());
    EXPECT_NE(polish, english);
  }
  EXPECT_EQ(InvitationReasonWords(v1::InvitationReason(), "pl", kWarsaw), "");
}

TEST(InvitationReasonWordsTest, ThePolishWordsHoldNoEnglishWordNorTheDetail) {
  for (v1::InvitationReasonCode code : AllInvitationCodes()) {
    for (bool flag : {false, true}) {
      for (const char* source :
           {"one-click", "unsubscribe page", "bounce", "complaint", "operator"}) {
        v1::InvitationReason reason = FullInvitationReason(code);
        reason.set_all_shops(flag);
        reason.set_reminder(flag);
        reason.set_source(source);
        if (flag) reason.mutable_handover_time()->set_seconds(1715757125);
        const std::string polish = InvitationReasonWords(reason, "pl", kWarsaw);
        EXPECT_THAT(EnglishWordsIn(polish), ::testing::IsEmpty()) << polish;
        EXPECT_THAT(polish, Not(HasSubstr("User unknown")));
        // The word list itself catches English: the same reason in English.
        EXPECT_THAT(EnglishWordsIn(InvitationReasonWords(reason, "en", kWarsaw)),
                    Not(::testing::IsEmpty()));
      }
    }
  }
}

TEST(InvitationReasonWordsTest, ParametersAreWordedInTheShopsZoneAndLanguage) {
  v1::InvitationReason hours = FullInvitationReason(v1::INVITATION_REASON_OUTSIDE_SENDING_HOURS);
  EXPECT_EQ(InvitationReasonWords(hours, "pl", kWarsaw),
            "poza godzinami wysyłki sklepu; wyślemy od 15.05.2024 09:12");
  v1::InvitationReason cap = FullInvitationReason(v1::INVITATION_REASON_UNAPPROVED_DAILY_CAP);
  EXPECT_THAT(InvitationReasonWords(cap, "pl", kWarsaw),
              HasSubstr("do 50 wiadomości dziennie (3 w ciągu ostatnich 24 godzin)"));
  v1::InvitationReason gave_up = FullInvitationReason(v1::INVITATION_REASON_GAVE_UP);
  gave_up.set_reminder(true);
  EXPECT_EQ(InvitationReasonWords(gave_up, "pl", kWarsaw),
            "przypomnienie nie wyszło po 3 nieudanych próbach");
  EXPECT_EQ(InvitationReasonWords(gave_up, "en", kWarsaw),
            "the reminder did not leave after 3 failed attempts");
  v1::InvitationReason suppressed = FullInvitationReason(v1::INVITATION_REASON_ADDRESS_SUPPRESSED);
  suppressed.set_all_shops(true);
  EXPECT_EQ(InvitationReasonWords(suppressed, "pl", kWarsaw),
            "adres poprosił, by żaden sklep do niego nie pisał (rezygnacja jednym kliknięciem, "
            "15.05.2024 09:12)");
  EXPECT_EQ(QuotedDetail(FullInvitationReason(v1::INVITATION_REASON_BOUNCED)),
            "550 5.1.1 User unknown");
  // The core's own errors stay in its log.
  EXPECT_EQ(QuotedDetail(FullInvitationReason(v1::INVITATION_REASON_SHOP_UNAVAILABLE)), "");
}

// An invitation changed before reasons had codes: a Polish page keeps the
// core's English words in a tooltip; an English page shows them.
TEST(InvitationRowsTest, AReasonWithoutACodeKeepsItsEnglishWordsOutOfAPolishPage) {
  google::protobuf::RepeatedPtrField<v1::Invitation> invitations;
  v1::Invitation* old = invitations.Add();
  old->set_state(v1::INVITATION_STATE_CANCELLED);
  old->set_state_reason("cancelled by operator");
  const std::string polish = InvitationRows(invitations, 7, "csrf", "pl", kWarsaw);
  EXPECT_THAT(polish, HasSubstr("title=\"cancelled by operator\" lang=\"en\">anulowane</td>"));
  EXPECT_THAT(InvitationRows(invitations, 7, "csrf", "en", kWarsaw),
              HasSubstr(">cancelled: cancelled by operator</td>"));
}

v1::OrderEventRecord Scheduled() {
  v1::OrderEventRecord event;
  event.set_event_name("order.status");
  event.set_order_id("1043");
  event.set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  event.set_invitation_id(3);
  *event.mutable_structured_reason() = FullReason(v1::ORDER_EVENT_REASON_INVITATION_DUE);
  event.set_reason("invitation due 2024-05-15 07:12:05 UTC");
  return event;
}

// The outcome does not repeat a due time that the planned column shows, and
// that column shows the invitation's planned time (moved by sending hours,
// say), falling back to the due time when the invitation is not at hand.
TEST(DeliveryRowsTest, AScheduledEventShowsOnePlannedTime) {
  google::protobuf::RepeatedPtrField<v1::OrderEventRecord> events;
  *events.Add() = Scheduled();
  google::protobuf::Timestamp moved;
  moved.set_seconds(1733468400);  // 2024-12-06 07:00 UTC, 08:00 in Warsaw
  const std::string html = DeliveryRows(events, {{3, moved}}, "pl", kWarsaw);
  EXPECT_THAT(html, HasSubstr("zaplanowano zaproszenie</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"planned\">06.12.2024 08:00</td>"));
  EXPECT_THAT(html, Not(HasSubstr("15.05.2024")));
  EXPECT_THAT(html, Not(HasSubstr("UTC")));

  const std::string fallback = DeliveryRows(events, {}, "pl", kWarsaw);
  EXPECT_THAT(fallback, HasSubstr("<td class=\"planned\">15.05.2024 09:12</td>"));
}

TEST(DeliveryRowsTest, ReasonsAreInThePagesLanguageAndEscaped) {
  google::protobuf::RepeatedPtrField<v1::OrderEventRecord> events;
  v1::OrderEventRecord* rejected = events.Add();
  rejected->set_outcome(v1::ORDER_EVENT_OUTCOME_REJECTED);
  *rejected->mutable_structured_reason() = FullReason(v1::ORDER_EVENT_REASON_NOT_AN_EMAIL_ADDRESS);
  rejected->mutable_structured_reason()->set_value("<b>jan");
  rejected->set_reason("email: not an e-mail address: \"<b>jan\"");
  const std::string polish = DeliveryRows(events, {}, "pl", kWarsaw);
  EXPECT_THAT(polish,
              HasSubstr("odrzucone: adres e-mail: to nie jest adres e-mail: „&lt;b&gt;jan”"));
  EXPECT_THAT(polish, HasSubstr("data-reason=\"ORDER_EVENT_REASON_NOT_AN_EMAIL_ADDRESS\""));
  EXPECT_THAT(polish, Not(HasSubstr("not an e-mail")));
  EXPECT_THAT(DeliveryRows(events, {}, "en", kWarsaw),
              HasSubstr("rejected: e-mail address: not an e-mail address: “&lt;b&gt;jan”"));
}

// An event logged before reasons had codes: a Polish page shows its outcome
// in Polish and keeps the English words out of its text (in a tooltip); an
// English page shows them.
TEST(DeliveryRowsTest, AnEventWithoutACodeKeepsItsEnglishWordsOutOfAPolishPage) {
  google::protobuf::RepeatedPtrField<v1::OrderEventRecord> events;
  v1::OrderEventRecord* old = events.Add();
  old->set_outcome(v1::ORDER_EVENT_OUTCOME_IGNORED);
  old->set_reason("status 2 is not a trigger status");
  const std::string polish = DeliveryRows(events, {}, "pl", kWarsaw);
  EXPECT_THAT(polish,
              HasSubstr("title=\"status 2 is not a trigger status\" lang=\"en\">pominięte</td>"));
  EXPECT_THAT(DeliveryRows(events, {}, "en", kWarsaw),
              HasSubstr(">ignored: status 2 is not a trigger status</td>"));
}

// An XML delivery says what to change in Shoper; an order a backfill read
// shows where it came from in the key's place.
TEST(DeliveryRowsTest, AnXmlDeliverySaysToSetFormatJsonAndAFetchedOrderIsNoDelivery) {
  google::protobuf::RepeatedPtrField<v1::OrderEventRecord> events;
  v1::OrderEventRecord* xml = events.Add();
  xml->set_outcome(v1::ORDER_EVENT_OUTCOME_REJECTED);
  xml->set_key_used(v1::WEBHOOK_KEY_USED_CURRENT);
  xml->mutable_structured_reason()->set_code(v1::ORDER_EVENT_REASON_XML_FORMAT);
  *events.Add() = Scheduled();
  events.Mutable(1)->set_source(v1::ORDER_EVENT_SOURCE_FETCHED);
  const std::string polish = DeliveryRows(events, {}, "pl", kWarsaw);
  EXPECT_THAT(polish, HasSubstr("odrzucone: Shoper wysłał webhook w formacie XML"));
  EXPECT_THAT(polish, HasSubstr("Konfiguracja → Administracja, system → Webhooki, edytuj webhook "
                                "Opinus i ustaw Format: JSON"));
  EXPECT_THAT(polish, HasSubstr("data-key=\"current\">bieżący</td>"));
  EXPECT_THAT(polish, HasSubstr("data-key=\"fetched\">pobrane z Shoper</td>"));
  const std::string english = DeliveryRows(events, {}, "en", kWarsaw);
  EXPECT_THAT(english, HasSubstr("rejected: Shoper sent the webhook as XML"));
  EXPECT_THAT(english, HasSubstr("data-key=\"fetched\">fetched from Shoper</td>"));
}

}  // namespace
}  // namespace opinus::gateway
