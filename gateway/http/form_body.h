// ParseFormBody: the fields of an application/x-www-form-urlencoded body (or
// of a query string), and FieldValue to read one.
#ifndef OPINUS_GATEWAY_HTTP_FORM_BODY_H_
#define OPINUS_GATEWAY_HTTP_FORM_BODY_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// ParseFormBody returns the name=value pairs of `body` ("a=1&b=x+y%21"),
// decoded ('+' is a space, %XX a byte) and then read as UTF-8, each ill-formed
// sequence becoming U+FFFD (as the WHATWG form decoder does); a name given
// twice keeps its first value; a malformed %-escape is kept as it is.
std::map<std::string, std::string> ParseFormBody(absl::string_view body);

// FieldValue returns the value of field `name` in `fields`; empty when it is
// not there (a form or query sent without it).
std::string FieldValue(const std::map<std::string, std::string>& fields, const std::string& name);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_FORM_BODY_H_
