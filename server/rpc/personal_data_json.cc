#include "server/rpc/personal_data_json.h"

#include "common/proto_json.h"
#include "opinus/v1/privacy.pb.h"
#include "server/rpc/conversions.h"

namespace opinus::server::rpc {

absl::StatusOr<std::string> PersonalDataToJson(const PersonalData& data) {
  opinus::v1::PersonalData proto;
  ToProto(data, &proto);
  absl::StatusOr<std::string> json = ProtoToJson(proto);
  if (json.ok()) *json += '\n';
  return json;
}

}  // namespace opinus::server::rpc
