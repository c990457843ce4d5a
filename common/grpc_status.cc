#include "common/grpc_status.h"

#include <string>

#include "common/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace opinus {
namespace {

// Details returns the serialized google.rpc.Status of `status` when it names
// a field (a BadRequest with one field violation); "" when it has no details.
std::string Details(const absl::Status& status) {
  const std::string field = ViolatedField(status);
  if (field.empty()) return "";
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(ViolationDescription(status));
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  details.add_details()->PackFrom(bad_request);
  return details.SerializeAsString();
}

}  // namespace

// gRPC and Abseil share the canonical code numbering (google.rpc.Code), so the
// numeric value carries over unchanged.
grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      Details(status));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status converted(static_cast<absl::StatusCode>(status.error_code()),
                         status.error_message());
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return converted;
  }
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&bad_request) && bad_request.field_violations_size() > 0) {
      converted.SetPayload(kViolatedFieldPayload,
                           absl::Cord(bad_request.field_violations(0).field()));
    }
  }
  return converted;
}

}  // namespace opinus
