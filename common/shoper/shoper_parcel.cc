#include "common/shoper/shoper_parcel.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "common/field_violation.h"
#include "common/shoper/json_scalars.h"
#include "common/status_macros.h"

namespace opinus::shoper {
namespace {

using Json = nlohmann::json;

// ReadSent returns the parcel's `sent` flag; true when absent or null.
absl::StatusOr<bool> ReadSent(const Json& parcel) {
  const auto it = parcel.find("sent");
  if (it == parcel.end() || it->is_null()) return true;
  if (it->is_boolean()) return it->get<bool>();
  absl::StatusOr<std::optional<int64_t>> number = ReadInteger(parcel, "sent");
  if (number.ok() && number->has_value() && (**number == 0 || **number == 1)) {
    return **number == 1;
  }
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return InvalidFieldError("sent", "not a flag");
}

// ReadMember returns ReadText's text of `key`; its error names the field as
// data, so that the event can carry it (TranslateShoperWebhook).
absl::StatusOr<std::optional<std::string>> ReadMember(const Json& parcel, absl::string_view key) {
  absl::StatusOr<std::optional<std::string>> text = ReadText(parcel, key);
  if (!text.ok()) return InvalidFieldError(key, "not a string or number");
  return text;
}

}  // namespace

absl::Status ReadShoperParcel(absl::string_view body, opinus::v1::OrderEvent* event) {
  // A parcel is a few hundred bytes: no need for ParseSelected's single pass.
  Json parsed = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidFieldError("body", "not valid JSON");
  const Json& parcel_object = parsed.is_array() && parsed.size() == 1 ? parsed[0] : parsed;
  if (!parcel_object.is_object()) return InvalidFieldError("body", "not a parcel object");

  OPINUS_ASSIGN_OR_RETURN(std::optional<std::string> order_id,
                          ReadMember(parcel_object, "order_id"));
  if (!order_id.has_value()) return InvalidFieldError("order_id", "missing");
  OPINUS_ASSIGN_OR_RETURN(std::optional<std::string> send_date,
                          ReadMember(parcel_object, "send_date"));
  if (!send_date.has_value()) return InvalidFieldError("send_date", "missing");
  OPINUS_ASSIGN_OR_RETURN(std::optional<std::string> parcel_id,
                          ReadMember(parcel_object, "parcel_id"));
  OPINUS_ASSIGN_OR_RETURN(const bool sent, ReadSent(parcel_object));

  event->set_order_id(std::move(*order_id));
  opinus::v1::ParcelDispatch* parcel = event->mutable_parcel();
  parcel->set_parcel_id(parcel_id.value_or(""));
  parcel->set_send_local_time(std::move(*send_date));
  parcel->set_sent(sent);
  return absl::OkStatus();
}

}  // namespace opinus::shoper
