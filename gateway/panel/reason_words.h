// The words of the core's reasons, as data (OrderEventReason,
// InvitationReason), in the panel's languages. Pure functions returning plain
// text: callers escape it.
#ifndef OPINUS_GATEWAY_PANEL_REASON_WORDS_H_
#define OPINUS_GATEWAY_PANEL_REASON_WORDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "opinus/v1/invitation.pb.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::gateway {

// EventReasonWords returns `reason` as people of `language` read it ("pl",
// or "en"), its times in `zone` ("status 5 nie uruchamia zaproszenia");
// "" for ORDER_EVENT_REASON_UNSPECIFIED and for codes this gateway does not
// know (a newer core's).
std::string EventReasonWords(const opinus::v1::OrderEventReason& reason, absl::string_view language,
                             const absl::TimeZone& zone);

// StatedStatusTimeWords returns, when `reason` has a stated_status_time, the
// note that the status date the shop sent was taken for its receipt (" (data
// statusu ... )", with its leading space); "" otherwise. EventReasonWords
// ends with it.
std::string StatedStatusTimeWords(const opinus::v1::OrderEventReason& reason,
                                  absl::string_view language, const absl::TimeZone& zone);

// InvitationReasonWords returns why an invitation is in its state as people
// of `language` read it, its times in `zone` ("wysyłka zaproszeń jest w tym
// sklepie wyłączona"); "" for INVITATION_REASON_UNSPECIFIED and for codes
// this gateway does not know. It never quotes the reason's detail.
std::string InvitationReasonWords(const opinus::v1::InvitationReason& reason,
                                  absl::string_view language, const absl::TimeZone& zone);

// QuotedDetail returns the words `reason` quotes as they came, which a page
// may show apart (a mail server's answer, an operator's or owner's note, the
// Message-ID); "" for the others, whose detail is the core's own error.
std::string QuotedDetail(const opinus::v1::InvitationReason& reason);

// FieldWords returns what an event's field ("email", "status_date", ...) is
// called in `language`; the name itself for a field it does not know.
std::string FieldWords(absl::string_view field, absl::string_view language);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_REASON_WORDS_H_
