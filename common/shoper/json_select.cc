#include "common/shoper/json_select.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"

namespace opinus::shoper {
namespace {

using Json = nlohmann::json;

bool Contains(const std::vector<absl::string_view>& names, absl::string_view name) {
  for (absl::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

// SelectingSax receives nlohmann's SAX events and keeps only the selected
// members. Depth 1 is inside the top-level object; depth 2 inside one of its
// members' values. Everything deeper, or not selected, is skipped unbuilt.
class SelectingSax {
 public:
  explicit SelectingSax(const JsonSelection& selection) : selection_(selection) {}

  bool null() { return Value(Json(nullptr)); }
  bool boolean(bool value) { return Value(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return Value(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return Value(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return Value(Json(value));
  }
  bool string(Json::string_t& value) { return Value(Json(std::move(value))); }
  bool binary(Json::binary_t& /*value*/) { return true; }

  bool start_object(std::size_t /*size*/) { return StartContainer(Json::object()); }
  bool start_array(std::size_t /*size*/) { return StartContainer(Json::array()); }
  bool end_object() { return EndContainer(); }
  bool end_array() { return EndContainer(); }

  bool key(Json::string_t& name) {
    if (depth_ == 1) {
      top_target_ = nullptr;
      top_object_ = nullptr;
      if (Contains(selection_.scalars, name)) {
        top_target_ = &result_[name];
      } else {
        for (const JsonSelection::Object& object : selection_.objects) {
          if (object.name == name) {
            top_target_ = &result_[name];
            top_object_ = &object;
            break;
          }
        }
      }
    } else if (depth_ == 2 && inner_ != nullptr) {
      inner_target_ = Contains(inner_selection_->members, name) ? &(*inner_)[name] : nullptr;
    }
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) {
    return false;
  }

  bool top_is_object() const { return top_is_object_; }
  Json& result() { return result_; }

 private:
  bool Value(Json value) {
    if (depth_ == 0) return true;  // A scalar body: not an object.
    if (depth_ == 1 && top_target_ != nullptr) {
      *top_target_ = std::move(value);
    } else if (depth_ == 2 && inner_target_ != nullptr) {
      *inner_target_ = std::move(value);
      inner_target_ = nullptr;
    }
    return true;
  }

  bool StartContainer(Json empty) {
    if (depth_ == 0) {
      top_is_object_ = empty.is_object();
    } else if (depth_ == 1 && top_target_ != nullptr) {
      const bool descend = empty.is_object() && top_object_ != nullptr;
      *top_target_ = std::move(empty);
      if (descend) {
        inner_ = top_target_;
        inner_selection_ = top_object_;
      }
    } else if (depth_ == 2 && inner_target_ != nullptr) {
      *inner_target_ = std::move(empty);
      inner_target_ = nullptr;
    }
    ++depth_;
    return true;
  }

  bool EndContainer() {
    --depth_;
    if (depth_ == 1) {
      inner_ = nullptr;
      inner_selection_ = nullptr;
      inner_target_ = nullptr;
    }
    return true;
  }

  const JsonSelection& selection_;
  Json result_ = Json::object();
  bool top_is_object_ = false;
  int depth_ = 0;
  // Where the value of the current top-level member goes; nullptr to skip it.
  // std::map nodes do not move, so these pointers stay valid.
  Json* top_target_ = nullptr;
  const JsonSelection::Object* top_object_ = nullptr;
  // The selected object being filled at depth 2, and its member being read.
  Json* inner_ = nullptr;
  const JsonSelection::Object* inner_selection_ = nullptr;
  Json* inner_target_ = nullptr;
};

}  // namespace

absl::StatusOr<Json> ParseSelected(absl::string_view body, const JsonSelection& selection) {
  SelectingSax sax(selection);
  if (!Json::sax_parse(body.data(), body.data() + body.size(), &sax)) {
    return absl::InvalidArgumentError("body: not valid JSON");
  }
  if (!sax.top_is_object()) return absl::InvalidArgumentError("body: not a JSON object");
  return std::move(sax.result());
}

}  // namespace opinus::shoper
