// ProtoToJson: a message in proto3's JSON mapping, printed the one way the
// CLI, the core's mails and the gateway's JSON API all use.
#ifndef OPINUS_COMMON_PROTO_JSON_H_
#define OPINUS_COMMON_PROTO_JSON_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/statusor.h"

namespace opinus {

// How fields are named: lowerCamelCase (proto3's default), or as in the
// .proto file (snake_case), which the gateway's API has always spoken.
enum class JsonFieldNames { kLowerCamelCase, kAsInProto };

// ProtoToJson returns `message` as one line of JSON, every primitive field
// printed even at its default, so a reader sees 0 and "" rather than
// nothing. INTERNAL when protobuf cannot print it.
[[nodiscard]] absl::StatusOr<std::string> ProtoToJson(
    const google::protobuf::Message& message,
    JsonFieldNames names = JsonFieldNames::kLowerCamelCase);

}  // namespace opinus

#endif  // OPINUS_COMMON_PROTO_JSON_H_
