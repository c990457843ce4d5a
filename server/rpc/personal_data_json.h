// PersonalDataToJson: what is held about an address as the JSON document a
// person receives by mail, the same `opinus privacy export --json` prints.
#ifndef OPINUS_SERVER_RPC_PERSONAL_DATA_JSON_H_
#define OPINUS_SERVER_RPC_PERSONAL_DATA_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/privacy.h"

namespace opinus::server::rpc {

// PersonalDataToJson returns `data` as opinus.v1.PersonalData in proto3 JSON
// with every field printed, as the CLI prints it (client/cli/output.cc
// ToJson). INTERNAL when the message cannot be printed.
[[nodiscard]] absl::StatusOr<std::string> PersonalDataToJson(const PersonalData& data);

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_PERSONAL_DATA_JSON_H_
