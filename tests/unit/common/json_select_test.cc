// Tests of ParseSelected: the one-pass parse that keeps only selected members.
#include "common/shoper/json_select.h"

#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace opinus::shoper {
namespace {

using Json = nlohmann::json;

const JsonSelection& Selection() {
  static const JsonSelection* const kSelection =
      new JsonSelection{{"id", "email"}, {{"status", {"status_id", "name"}}}};
  return *kSelection;
}

Json Selected(const char* body) {
  absl::StatusOr<Json> selected = ParseSelected(body, Selection());
  EXPECT_TRUE(selected.ok()) << selected.status();
  return selected.ok() ? *selected : Json();
}

TEST(ParseSelectedTest, KeepsOnlySelectedMembers) {
  EXPECT_EQ(Selected(R"({"id":"7","x":1,"email":"a@b.pl","products":[{"id":"9"}],)"
                     R"("status":{"status_id":3,"color":"fff","name":"ok","sub":{"name":"no"}}})"),
            Json::parse(R"({"id":"7","email":"a@b.pl","status":{"status_id":3,"name":"ok"}})"));
}

TEST(ParseSelectedTest, MembersOfSkippedValuesAreNotSelected) {
  // "id" and "status" nested in other members are not the top-level ones.
  EXPECT_EQ(Selected(R"({"products":[{"id":"9","status":{"status_id":1}}],"x":{"id":"8"}})"),
            Json::object());
}

TEST(ParseSelectedTest, WrongKindsKeepTheirKindWithoutContent) {
  EXPECT_EQ(Selected(R"({"id":{"a":1},"email":[1,2],"status":"7"})"),
            Json::parse(R"({"id":{},"email":[],"status":"7"})"));
  EXPECT_EQ(Selected(R"({"status":[],"id":null})"), Json::parse(R"({"status":[],"id":null})"));
  EXPECT_EQ(Selected(R"({"status":{"status_id":{"x":1},"name":[true]}})"),
            Json::parse(R"({"status":{"status_id":{},"name":[]}})"));
}

TEST(ParseSelectedTest, LastDuplicateWinsAsInTheDocumentParser) {
  EXPECT_EQ(Selected(R"({"id":"1","id":"2","status":{"name":"a"},"status":{"status_id":5}})"),
            Json::parse(R"({"id":"2","status":{"status_id":5}})"));
}

TEST(ParseSelectedTest, ScalarTypesSurvive) {
  const Json selected =
      Selected(R"({"id":-12,"email":18446744073709551615,"status":{"name":1.5}})");
  EXPECT_TRUE(selected["id"].is_number_integer());
  EXPECT_EQ(selected["id"].get<int64_t>(), -12);
  EXPECT_TRUE(selected["email"].is_number_unsigned());
  EXPECT_DOUBLE_EQ(selected["status"]["name"].get<double>(), 1.5);
}

TEST(ParseSelectedTest, Errors) {
  for (const char* body : {"", "{", R"({"id":"1",})", "{\"id\":\"\xC3\"}", "{} {}", "nul"}) {
    absl::StatusOr<Json> selected = ParseSelected(body, Selection());
    ASSERT_FALSE(selected.ok()) << body;
    EXPECT_EQ(selected.status().message(), "body: not valid JSON") << body;
  }
  for (const char* body : {"[]", "[{\"id\":1}]", "7", "\"x\"", "null"}) {
    absl::StatusOr<Json> selected = ParseSelected(body, Selection());
    ASSERT_FALSE(selected.ok()) << body;
    EXPECT_EQ(selected.status().message(), "body: not a JSON object") << body;
  }
}

}  // namespace
}  // namespace opinus::shoper
