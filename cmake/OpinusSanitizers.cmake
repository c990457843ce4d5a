# OPINUS_SANITIZE: sanitizers every target is built with, as a CMake list, e.g.
#   cmake -B build-asan -DOPINUS_SANITIZE="address;undefined"
#   cmake -B build-tsan -DOPINUS_SANITIZE=thread
# Empty (the default): none. Global on purpose: a sanitizer must see every
# object of a binary, generated code included, or it reports false errors.
set(OPINUS_SANITIZE "" CACHE STRING "sanitizers for every target, e.g. address;undefined")
if(OPINUS_SANITIZE)
  list(JOIN OPINUS_SANITIZE "," opinus_sanitizers)
  add_compile_options(-fsanitize=${opinus_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${opinus_sanitizers})
  if("undefined" IN_LIST OPINUS_SANITIZE)
    # UBSan's vptr check needs the type info of every polymorphic class it
    # sees, and Debian's libsoci does not export that of its internal
    # statement classes: with it, nothing using SOCI links.
    add_compile_options(-fno-sanitize=vptr)
    add_link_options(-fno-sanitize=vptr)
  endif()
  message(STATUS "opinus: built with -fsanitize=${opinus_sanitizers}")
endif()
