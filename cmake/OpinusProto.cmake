# opinus_generate_system_proto(TARGET target IMPORT_DIR dir PROTO relative/path.proto)
# adds the C++ message and gRPC code of a .proto that a Debian package ships
# (e.g. grpc/health/v1/health.proto under /usr/share/grpc-proto) to `target`.
# protobuf_generate() cannot: it names outputs relative to the source folder.
function(opinus_generate_system_proto)
  cmake_parse_arguments(ARG "" "TARGET;IMPORT_DIR;PROTO" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR})
  string(REGEX REPLACE "\\.proto$" "" stem ${ARG_PROTO})
  set(outputs ${out}/${stem}.pb.cc ${out}/${stem}.pb.h ${out}/${stem}.grpc.pb.cc
    ${out}/${stem}.grpc.pb.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND protobuf::protoc
    ARGS --cpp_out=${out} --grpc_out=${out}
      --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
      -I${ARG_IMPORT_DIR} ${ARG_IMPORT_DIR}/${ARG_PROTO}
    DEPENDS ${ARG_IMPORT_DIR}/${ARG_PROTO} protobuf::protoc gRPC::grpc_cpp_plugin
    COMMENT "Generating C++ code for ${ARG_PROTO}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${outputs})
endfunction()
