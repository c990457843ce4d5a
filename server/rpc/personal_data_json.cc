#include "server/rpc/personal_data_json.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "opinus/v1/privacy.pb.h"
#include "server/rpc/conversions.h"

namespace opinus::server::rpc {

absl::StatusOr<std::string> PersonalDataToJson(const PersonalData& data) {
  opinus::v1::PersonalData proto;
  ToProto(data, &proto);
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(proto, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("printing JSON: ", std::string(status.message())));
  }
  json += '\n';
  return json;
}

}  // namespace opinus::server::rpc
