# Finds every third-party library Opinus links, all from Debian 12 packages.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(GTest CONFIG REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)

pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
# Argon2id password hashes.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# DKIM signatures of the mails the core sends.
pkg_check_modules(OPENDKIM REQUIRED IMPORTED_TARGET opendkim)

# SOCI ships neither a CMake config nor a .pc file on Debian 12.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_MYSQL_LIBRARY soci_mysql REQUIRED)
# SOCI's installed config defines SOCI_HAVE_BOOST, so its headers need Boost's.
find_package(Boost REQUIRED)

add_library(soci::core UNKNOWN IMPORTED)
set_target_properties(soci::core PROPERTIES
  IMPORTED_LOCATION ${SOCI_CORE_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR};${SOCI_INCLUDE_DIR}/soci/mysql"
  INTERFACE_LINK_LIBRARIES "Boost::headers;${CMAKE_DL_LIBS}")

add_library(soci::mysql UNKNOWN IMPORTED)
set_target_properties(soci::mysql PROPERTIES
  IMPORTED_LOCATION ${SOCI_MYSQL_LIBRARY}
  INTERFACE_LINK_LIBRARIES "soci::core;PkgConfig::MARIADB;${CMAKE_DL_LIBS}")
