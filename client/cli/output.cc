#include "client/cli/output.h"

#include <algorithm>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/invitation_state_name.h"
#include "client/outcome_name.h"
#include "common/proto_json.h"
#include "common/utf8.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

// Width of `text` on a terminal, counted in UTF-8 characters (not bytes), so
// that shop names like "Ceramika Łódź" keep the columns aligned.
size_t DisplayWidth(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// "7,12", as the --trigger-status-ids flag takes it.
std::string JoinIds(const google::protobuf::RepeatedField<int64_t>& ids) {
  return absl::StrJoin(ids, ",");
}

std::string OnOff(bool on) { return on ? "on" : "off"; }

// "7/closed", or just one half when the other is unknown.
std::string FormatStatus(const v1::OrderStatus& status) {
  std::string type = StatusTypeName(status.type());
  if (status.status_id() == 0) return type;
  if (type.empty()) return absl::StrCat(status.status_id());
  return absl::StrCat(status.status_id(), "/", type);
}

}  // namespace

std::string ForTerminal(absl::string_view text) {
  const std::string valid = ValidUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size(); ++i) {
    const auto byte = static_cast<unsigned char>(valid[i]);
    if (byte < 0x20 || byte == 0x7F) {
      absl::StrAppend(&out, "\\x", absl::Hex(byte, absl::kZeroPad2));
    } else if (byte == 0xC2 && i + 1 < valid.size() &&
               static_cast<unsigned char>(valid[i + 1]) <= 0x9F) {
      // U+0080..U+009F, the C1 controls (0x9B alone starts an escape sequence).
      absl::StrAppend(&out, "\\u00",
                      absl::Hex(static_cast<unsigned char>(valid[++i]), absl::kZeroPad2));
    } else {
      out.push_back(valid[i]);
    }
  }
  return out;
}

std::string FormatTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size() + 1);
  lines.push_back(header);
  lines.insert(lines.end(), rows.begin(), rows.end());
  std::vector<size_t> widths(header.size(), 0);
  for (auto& line : lines) {
    line.resize(header.size());
    for (size_t i = 0; i < line.size(); ++i) {
      line[i] = line[i].empty() ? "-" : ForTerminal(line[i]);
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
  }
  std::string out;
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 == line.size()) break;
      out.append(widths[i] - DisplayWidth(line[i]) + 2, ' ');
    }
    out += '\n';
  }
  return out;
}

std::string FormatKeyValues(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [key, value] : pairs) {
    absl::StrAppend(&out, key, ":", value.empty() ? "" : " ", ForTerminal(value), "\n");
  }
  return out;
}

std::string FormatTime(const google::protobuf::Timestamp& time, const absl::TimeZone& zone) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(time.seconds()), zone);
}

std::string StatusTypeName(v1::OrderStatusType type) {
  switch (type) {
    case v1::ORDER_STATUS_TYPE_NEW:
      return "new";
    case v1::ORDER_STATUS_TYPE_IN_PROGRESS:
      return "in-progress";
    case v1::ORDER_STATUS_TYPE_CLOSED:
      return "closed";
    case v1::ORDER_STATUS_TYPE_NOT_REALISED:
      return "not-realised";
    default:
      return "";
  }
}

std::string ApprovalOf(const v1::Shop& shop) {
  return shop.has_approve_time() ? FormatTime(shop.approve_time())
                                 : "no (daily cap until `opinus shop approve`)";
}

std::string FormatShopTable(const std::vector<v1::Shop>& shops) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(shops.size());
  for (const v1::Shop& shop : shops) {
    rows.push_back({absl::StrCat(shop.id()), shop.name(), shop.domain(), shop.owner_email(),
                    FormatTime(shop.create_time()), ApprovalOf(shop)});
  }
  // Shops of many zones in one table: their times in UTC, said so.
  return FormatTable({"ID", "NAME", "DOMAIN", "OWNER_EMAIL", "CREATED(UTC)", "APPROVED(UTC)"},
                     rows);
}

std::string FormatInvitationTable(const std::vector<v1::Invitation>& invitations,
                                  const TableZone& zone) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(invitations.size());
  for (const v1::Invitation& invitation : invitations) {
    rows.push_back({absl::StrCat(invitation.id()), invitation.order_id(),
                    invitation.customer_email(),
                    std::string(InvitationStateName(invitation.state())),
                    FormatTime(invitation.send_time(), zone.zone), invitation.state_reason()});
  }
  return FormatTable(
      {"ID", "ORDER", "EMAIL", "STATE", absl::StrCat("SEND_AT(", zone.name, ")"), "REASON"}, rows);
}

std::string FormatEventTable(const std::vector<v1::OrderEventRecord>& events,
                             const TableZone& zone) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(events.size());
  for (const v1::OrderEventRecord& event : events) {
    rows.push_back({absl::StrCat(event.id()), FormatTime(event.receive_time(), zone.zone),
                    event.event_name(), event.order_id(), FormatStatus(event.status()),
                    std::string(OutcomeName(event.outcome())),
                    // A backfill's order came with no key: the core read it.
                    event.source() == v1::ORDER_EVENT_SOURCE_FETCHED
                        ? std::string("fetched")
                        : std::string(KeyUsedName(event.key_used())),
                    event.reason()});
  }
  return FormatTable({"ID", absl::StrCat("RECEIVED(", zone.name, ")"), "EVENT", "ORDER", "STATUS",
                      "OUTCOME", "KEY", "REASON"},
                     rows);
}

std::string FormatShop(const v1::Shop& shop, absl::Time now) {
  // The CLI does not know the gateway's public host: the path is the hint.
  auto url = [](const std::string& key) { return key.empty() ? "" : absl::StrCat("/api/", key); };
  std::vector<std::pair<std::string, std::string>> lines = {
      {"id", absl::StrCat(shop.id())},
      {"name", shop.name()},
      {"domain", shop.domain()},
      {"owner_email", shop.owner_email()},
      {"webhook_key", shop.webhook_key()},
      {"webhook_url", url(shop.webhook_key())},
      {"created", FormatTime(shop.create_time())},
      {"approved", ApprovalOf(shop)},
  };
  if (!shop.previous_webhook_key().empty()) {
    const absl::Duration left =
        absl::FromUnixSeconds(shop.previous_webhook_key_expire_time().seconds()) - now;
    lines.insert(lines.end(),
                 {{"previous_webhook_key", shop.previous_webhook_key()},
                  {"previous_webhook_url", url(shop.previous_webhook_key())},
                  {"previous_key_expires", FormatTime(shop.previous_webhook_key_expire_time())},
                  {"previous_key_time_left",
                   absl::FormatDuration(
                       std::max(absl::Trunc(left, absl::Seconds(1)), absl::ZeroDuration()))}});
  }
  std::string out = FormatKeyValues(lines);
  if (shop.has_settings()) out += FormatSettings(shop.settings());
  return out;
}

std::string FormatSettings(const v1::ShopSettings& settings) {
  return FormatKeyValues({
      {"invitation_delay_days", absl::StrCat(settings.invitation_delay_days())},
      {"trigger_status_ids", JoinIds(settings.trigger().status_ids())},
      {"trigger_status_type", StatusTypeName(settings.trigger().status_type())},
      {"trigger_parcel_dispatch", OnOff(settings.trigger().parcel_dispatch())},
      {"time_zone", settings.time_zone()},
      {"sending_enabled", OnOff(settings.sending_enabled())},
      {"sender_name", settings.sender_name()},
      {"language", settings.language()},
      {"sending_hours", absl::StrCat(settings.sending_hours().start_hour(), "-",
                                     settings.sending_hours().end_hour())},
      {"webhook_secret", settings.webhook_secret_set() ? "set" : "none"},
      {"reminder_days",
       settings.reminder_days() == 0 ? "off" : absl::StrCat(settings.reminder_days())},
  });
}

std::string FormatOpinionTable(const std::vector<v1::Opinion>& opinions, const TableZone& zone) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Opinion& opinion : opinions) {
    // Whole characters only, and one line: a table row must stay a row.
    std::string comment;
    size_t characters = 0;
    for (size_t i = 0; i < opinion.comment().size() && characters < 40; ++characters) {
      size_t length = 1;
      while (i + length < opinion.comment().size() &&
             (static_cast<unsigned char>(opinion.comment()[i + length]) >> 6) == 0x2) {
        ++length;
      }
      comment += opinion.comment().substr(i, length);
      i += length;
    }
    for (char& c : comment) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    rows.push_back({absl::StrCat(opinion.id()), absl::StrCat(opinion.rating()),
                    opinion.status() == v1::OPINION_STATUS_HIDDEN      ? "hidden"
                    : opinion.status() == v1::OPINION_STATUS_WITHDRAWN ? "withdrawn"
                                                                       : "published",
                    opinion.reported() ? "yes" : "no", FormatTime(opinion.create_time(), zone.zone),
                    opinion.display_name(), comment});
  }
  return FormatTable({"ID", "RATING", "STATUS", "REPORTED",
                      absl::StrCat("CREATED(", zone.name, ")"), "NAME", "COMMENT"},
                     rows);
}

std::string FormatSuppressionTable(const std::vector<v1::Suppression>& suppressions) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Suppression& suppression : suppressions) {
    // A prefix tells entries apart; the address itself is not kept.
    rows.push_back({suppression.email_hash().substr(0, 16), FormatTime(suppression.create_time()),
                    suppression.source(), suppression.reason()});
  }
  return FormatTable({"EMAIL HASH", "SINCE(UTC)", "SOURCE", "REASON"}, rows);
}

std::string FormatInvitation(const v1::Invitation& invitation) {
  return FormatKeyValues({
      {"id", absl::StrCat(invitation.id())},
      {"shop_id", absl::StrCat(invitation.shop_id())},
      {"order_id", invitation.order_id()},
      {"customer_email", invitation.customer_email()},
      {"customer_first_name", invitation.customer_first_name()},
      {"customer_last_name", invitation.customer_last_name()},
      {"state", std::string(InvitationStateName(invitation.state()))},
      {"state_reason", invitation.state_reason()},
      {"status_time", FormatTime(invitation.status_time())},
      {"send_time", FormatTime(invitation.send_time())},
      {"create_time", FormatTime(invitation.create_time())},
      {"update_time", FormatTime(invitation.update_time())},
      {"attempts", absl::StrCat(invitation.attempts())},
      {"sent_time", invitation.has_sent_time() ? FormatTime(invitation.sent_time()) : ""},
      {"message_id", invitation.message_id()},
      {"last_error", invitation.last_error()},
      {"reminder_time",
       invitation.has_reminder_time() ? FormatTime(invitation.reminder_time()) : ""},
      {"reminder_sent_time",
       invitation.has_reminder_sent_time() ? FormatTime(invitation.reminder_sent_time()) : ""},
  });
}

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  absl::StatusOr<std::string> json = ProtoToJson(message);
  if (json.ok()) *json += '\n';
  return json;
}

std::string JoinJsonList(absl::string_view json_name, const std::vector<std::string>& objects) {
  return absl::StrCat("{\"", json_name, "\":[", absl::StrJoin(objects, ","), "]}\n");
}

}  // namespace opinus::client::cli
