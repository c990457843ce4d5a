#include "common/proto_json.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"

namespace opinus {

absl::StatusOr<std::string> ProtoToJson(const google::protobuf::Message& message,
                                        JsonFieldNames names) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = names == JsonFieldNames::kAsInProto;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("printing JSON: ", std::string(status.message())));
  }
  return json;
}

}  // namespace opinus
