# The gRPC door (contract §6): CustomsService, OfficerService and LicensingService with
# roles from client certificates, plus grpc.health.v1 and server reflection.
if(NOT gRPC_FOUND)
  message(WARNING "gRPC not found: the gRPC gateway (gk-grpc-server) is not built")
  return()
endif()

# gk_proto compiles every message of proto/gatekeeper (services.proto included); only the
# service stubs come from here, generated with the gRPC plugin from services.proto alone.
set(GK_GRPC_OUT ${CMAKE_CURRENT_BINARY_DIR}/gen)
set(GK_SERVICES_PROTO ${PROJECT_SOURCE_DIR}/proto/gatekeeper/v1/services.proto)
file(MAKE_DIRECTORY ${GK_GRPC_OUT})
add_custom_command(
  OUTPUT ${GK_GRPC_OUT}/gatekeeper/v1/services.grpc.pb.cc
         ${GK_GRPC_OUT}/gatekeeper/v1/services.grpc.pb.h
  COMMAND protobuf::protoc --grpc_out=${GK_GRPC_OUT}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
          -I ${PROJECT_SOURCE_DIR}/proto ${GK_SERVICES_PROTO}
  DEPENDS ${GK_SERVICES_PROTO} gRPC::grpc_cpp_plugin
  COMMENT "Generating gRPC service stubs from services.proto")

# gk_grpc_services: the generated service stubs (server and client side).
add_library(gk_grpc_services STATIC ${GK_GRPC_OUT}/gatekeeper/v1/services.grpc.pb.cc)
target_include_directories(gk_grpc_services PUBLIC ${GK_GRPC_OUT})
target_link_libraries(gk_grpc_services PUBLIC gk_proto gRPC::grpc++)

# gk_gateway_core: the door-independent plumbing (submission queue, output feed, index)
# that LocalPipeline and gatekeeperd's writer loop share. No gRPC in here.
add_library(gk_gateway_core STATIC
  declaration_index.cc
  gateway_backend.cc
  local_pipeline.cc
  output_feed.cc
  page_token.cc
  store_access.cc
  submission_applier.cc
  submission_queue.cc)
target_include_directories(gk_gateway_core PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gk_gateway_core PUBLIC gk_proto gk_engine gk_storage absl::status
  absl::statusor absl::strings absl::synchronization absl::time absl::any_invocable
  absl::btree absl::flat_hash_map absl::flat_hash_set absl::span Threads::Threads)

# gk_gateway: the three services, roles, TLS, health and reflection.
add_library(gk_gateway STATIC
  access_policy.cc
  apply_stream.cc
  customs_service.cc
  decision_submission.cc
  event_admission.cc
  gateway_server.cc
  licensing_service.cc
  officer_service.cc
  server_config.cc
  server_credentials.cc
  status_conversion.cc)
target_include_directories(gk_gateway PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gk_gateway PUBLIC gk_gateway_core gk_gateway_client gk_codec
  gRPC::grpc++ gRPC::grpc++_reflection absl::str_format)

# gk_gateway_client: channels to a gatekeeper server (TLS with a client certificate, or
# plaintext), for gkctl's remote commands, benchmarks and tests.
add_library(gk_gateway_client STATIC
  client_channel.cc
  pem_file.cc)
target_include_directories(gk_gateway_client PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gk_gateway_client PUBLIC gk_grpc_services gRPC::grpc++ absl::status
  absl::statusor absl::strings)

add_executable(gk-grpc-server server_main.cc)
target_link_libraries(gk-grpc-server PRIVATE gk_gateway)

# gk_gateway_door: the gRPC door inside gatekeeperd, as a side input of its Kafka stream
# processor (one ordered, durable path for both doors).
add_library(gk_gateway_door STATIC stream_side_input.cc)
target_include_directories(gk_gateway_door PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gk_gateway_door PUBLIC gk_gateway gk_daemon)
if(TARGET gatekeeperd)
  target_link_libraries(gatekeeperd PRIVATE gk_gateway_door)
  target_compile_definitions(gatekeeperd PRIVATE GK_WITH_GATEWAY=1)
endif()
