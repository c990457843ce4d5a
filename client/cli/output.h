// How the `opinus` CLI prints: aligned plain-text tables and "key: value"
// lines for people, the proto3 JSON mapping for scripts (--json).
#ifndef OPINUS_CLIENT_CLI_OUTPUT_H_
#define OPINUS_CLIENT_CLI_OUTPUT_H_

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "opinus/v1/invitation.pb.h"
#include "opinus/v1/opinion.pb.h"
#include "opinus/v1/order_event.pb.h"
#include "opinus/v1/order_status.pb.h"
#include "opinus/v1/shop.pb.h"
#include "opinus/v1/suppression.pb.h"

namespace opinus::client::cli {

// ForTerminal returns `text` safe to print to a terminal: each control
// character (C0, DEL and C1, which can move the cursor, recolour or retitle
// the window) as "\xNN" or "\u00NN", and ill-formed UTF-8 as U+FFFD. Webhook
// data is the shops' (and so anyone's) text.
std::string ForTerminal(absl::string_view text);

// FormatTable returns `header` and `rows` as lines of columns separated by two
// spaces, each column as wide as its widest cell (counted in UTF-8 characters),
// the last column unpadded. An empty cell prints as "-" so that every line has
// the same number of columns. Cells pass through ForTerminal.
std::string FormatTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

// FormatKeyValues returns one "key: value" line per pair, the value through
// ForTerminal; an empty value leaves nothing after the colon.
std::string FormatKeyValues(const std::vector<std::pair<std::string, std::string>>& pairs);

// FormatTime returns `time` in `zone` (UTC unless given) as
// "2024-05-15 07:12:05", or "" when it is unset (zero).
std::string FormatTime(const google::protobuf::Timestamp& time,
                       const absl::TimeZone& zone = absl::UTCTimeZone());

// TableZone is the zone a shop's table writes its times in (the shop's), and
// its name, which the table's header shows once ("SEND_AT(Europe/Warsaw)").
struct TableZone {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::string name = "UTC";
};

// StatusTypeName returns the flag spelling of `type` ("closed",
// "in-progress"...), "" for UNSPECIFIED. (Invitation states: InvitationStateName
// in client/invitation_state_name.h.)
std::string StatusTypeName(opinus::v1::OrderStatusType type);

// ApprovalOf returns when an operator approved `shop`, or "no (...)" with
// what that means.
std::string ApprovalOf(const opinus::v1::Shop& shop);

// FormatShopTable returns the table of `shops`: ID NAME DOMAIN OWNER_EMAIL
// CREATED APPROVED.
std::string FormatShopTable(const std::vector<opinus::v1::Shop>& shops);

// FormatInvitationTable returns the table of `invitations`:
// ID ORDER EMAIL STATE SEND_AT(<zone>) REASON, times in `zone`.
std::string FormatInvitationTable(const std::vector<opinus::v1::Invitation>& invitations,
                                  const TableZone& zone = {});

// FormatEventTable returns the table of `events`:
// ID RECEIVED(<zone>) EVENT ORDER STATUS OUTCOME KEY REASON (KEY: the key the
// delivery came with, "current" or "previous"), times in `zone`.
std::string FormatEventTable(const std::vector<opinus::v1::OrderEventRecord>& events,
                             const TableZone& zone = {});

// FormatOpinionTable returns the table of `opinions`:
// ID RATING STATUS REPORTED CREATED(<zone>) NAME COMMENT (the comment cut to 40
// characters), times in `zone`.
std::string FormatOpinionTable(const std::vector<opinus::v1::Opinion>& opinions,
                               const TableZone& zone = {});

// FormatSuppressionTable returns the table of `suppressions`:
// EMAIL HASH (its first 16 hex digits) SINCE SOURCE REASON.
std::string FormatSuppressionTable(const std::vector<opinus::v1::Suppression>& suppressions);

// FormatShop returns `shop` as "key: value" lines, with its webhook key, the
// webhook path on the gateway ("webhook_url: /api/<key>") and its settings;
// while a previous key still works, also that key, its path, when it stops
// (UTC) and the time left from `now`.
std::string FormatShop(const opinus::v1::Shop& shop, absl::Time now);

// FormatSettings returns each field of `settings` as a "key: value" line.
std::string FormatSettings(const opinus::v1::ShopSettings& settings);

// FormatInvitation returns every field of `invitation` as "key: value" lines.
std::string FormatInvitation(const opinus::v1::Invitation& invitation);

// ToJson returns `message` in the default proto3 JSON mapping (lowerCamelCase
// names, primitive fields printed even when zero) on one line, with a final
// newline. INTERNAL when the message cannot be printed.
[[nodiscard]] absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message);

// ListToJson returns {"<json_name>":[...]} with each message of `items` as
// ToJson prints it: one object for all the pages of a list, with a final
// newline.
template <typename T>
[[nodiscard]] absl::StatusOr<std::string> ListToJson(absl::string_view json_name,
                                                     const std::vector<T>& items);

// ---- implementation details below ----

// JoinJsonList returns {"<json_name>":[objects...]} followed by a newline;
// each of `objects` is one JSON object without its newline.
std::string JoinJsonList(absl::string_view json_name, const std::vector<std::string>& objects);

template <typename T>
absl::StatusOr<std::string> ListToJson(absl::string_view json_name, const std::vector<T>& items) {
  std::vector<std::string> objects;
  objects.reserve(items.size());
  for (const T& item : items) {
    absl::StatusOr<std::string> json = ToJson(item);
    if (!json.ok()) return json.status();
    if (!json->empty() && json->back() == '\n') json->pop_back();
    objects.push_back(*std::move(json));
  }
  return JoinJsonList(json_name, objects);
}

}  // namespace opinus::client::cli

#endif  // OPINUS_CLIENT_CLI_OUTPUT_H_
