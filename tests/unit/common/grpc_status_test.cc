// Tests of the one conversion between absl::Status and grpc::Status: the code
// and message carry over, and a field violation travels as a
// google.rpc.BadRequest in the status details, which any gRPC client reads.
#include "common/grpc_status.h"

#include <gtest/gtest.h>

#include "common/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace opinus {
namespace {

TEST(GrpcStatusTest, AFieldViolationTravelsAsABadRequest) {
  const grpc::Status wire =
      ToGrpcStatus(InvalidFieldError("invitation_delay_days", "must be 0 to 90"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire.error_message(), "invitation_delay_days: must be 0 to 90");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(wire.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "invitation_delay_days");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must be 0 to 90");

  const absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "invitation_delay_days: must be 0 to 90");
  EXPECT_EQ(ViolatedField(back), "invitation_delay_days");
}

TEST(GrpcStatusTest, AStatusWithoutAFieldHasNoDetails) {
  const grpc::Status wire = ToGrpcStatus(absl::NotFoundError("no such shop"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(wire.error_details(), "");
  EXPECT_EQ(ViolatedField(FromGrpcStatus(wire)), "");
  // Details that are not a google.rpc.Status are ignored, not trusted.
  const grpc::Status garbled(grpc::StatusCode::INVALID_ARGUMENT, "x: y", "\xff\xff");
  EXPECT_EQ(ViolatedField(FromGrpcStatus(garbled)), "");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace opinus
