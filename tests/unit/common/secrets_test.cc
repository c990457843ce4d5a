#include "common/secrets.h"

#include <gtest/gtest.h>

namespace opinus {
namespace {

TEST(MaskEmailLocalPartsTest, MasksTheLocalPartOfEveryAddress) {
  EXPECT_EQ(MaskEmailLocalParts("jan.kowalski@example.com"), "***@example.com");
  EXPECT_EQ(MaskEmailLocalParts("550 5.1.1 <jan+shop@example.com>: no such user"),
            "550 5.1.1 <***@example.com>: no such user");
  EXPECT_EQ(MaskEmailLocalParts("email: not an e-mail address: \"a@b@c\""),
            "email: not an e-mail address: \"***@***@c\"");
  EXPECT_EQ(MaskEmailLocalParts("Duplicate entry \"zażółć@przykład.pl-0\""),
            "Duplicate entry \"***@przykład.pl-0\"");
  // An apostrophe may be part of a local part (o'brien@...): masked with it.
  EXPECT_EQ(MaskEmailLocalParts("entry 'o'brien@example.com'"), "entry ***@example.com'");
  EXPECT_EQ(MaskEmailLocalParts("x@a.pl, y@b.pl"), "***@a.pl, ***@b.pl");
  EXPECT_EQ(MaskEmailLocalParts("\"jan.kowalski@@example.com\", \"jan@\""),
            "\"***@@example.com\", \"***@\"");
}

TEST(MaskEmailLocalPartsTest, LeavesTextWithoutAddressesAlone) {
  EXPECT_EQ(MaskEmailLocalParts("no address here"), "no address here");
  EXPECT_EQ(MaskEmailLocalParts("@handle, @@"), "@handle, @@");
  EXPECT_EQ(MaskEmailLocalParts(""), "");
}

}  // namespace
}  // namespace opinus
