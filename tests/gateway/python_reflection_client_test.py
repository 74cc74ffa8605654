#!/usr/bin/python3
"""A client that is not ours: Python grpcio (Debian's python3-grpcio) against gatekeeperd's
gRPC door, knowing nothing of gatekeeper's .proto files. It learns the services and
messages from server reflection, then, over TLS with the development certificates:
submits a declaration that is held (customs), reads it with GetDecision and sees it on
WatchHolds (officer), and sees a second hold arrive live.

usage: python_reflection_client_test.py GATEKEEPERD MAKE_DEV_CERTS_SCRIPT WORK_DIR
Exit 0 when every check passed; the first failed check is printed otherwise.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

DEADLINE_S = 10


def fail(message):
    print("FAIL:", message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


# The reflection protocol's messages (grpc.reflection.v1alpha, the version grpc++ 1.51
# serves), declared here from its published field numbers: grpcio-reflection is not a
# Debian package. Only the fields this client uses.
def reflection_classes():
    f = descriptor_pb2.FileDescriptorProto()
    f.name = "gk_test_reflection_client.proto"
    f.package = "grpc.reflection.v1alpha"
    f.syntax = "proto3"
    T = descriptor_pb2.FieldDescriptorProto

    def message(name, fields, oneof=None):
        m = f.message_type.add()
        m.name = name
        if oneof:
            # As in the real protocol: the request kind is a oneof, so that an empty
            # list_services string is still sent.
            m.oneof_decl.add().name = oneof
        for number, field_name, kind, label, type_name in fields:
            fd = m.field.add()
            fd.name, fd.number, fd.type, fd.label = field_name, number, kind, label
            if type_name:
                fd.type_name = type_name
            if oneof and number != 1:
                fd.oneof_index = 0

    opt, rep = T.LABEL_OPTIONAL, T.LABEL_REPEATED
    message("ServerReflectionRequest", [
        (1, "host", T.TYPE_STRING, opt, None),
        (3, "file_by_filename", T.TYPE_STRING, opt, None),
        (4, "file_containing_symbol", T.TYPE_STRING, opt, None),
        (7, "list_services", T.TYPE_STRING, opt, None),
    ], oneof="message_request")
    message("FileDescriptorResponse", [(1, "file_descriptor_proto", T.TYPE_BYTES, rep, None)])
    message("ServiceResponse", [(1, "name", T.TYPE_STRING, opt, None)])
    message("ListServiceResponse", [
        (1, "service", T.TYPE_MESSAGE, rep, ".grpc.reflection.v1alpha.ServiceResponse")])
    message("ErrorResponse", [
        (1, "error_code", T.TYPE_INT32, opt, None),
        (2, "error_message", T.TYPE_STRING, opt, None)])
    message("ServerReflectionResponse", [
        (1, "valid_host", T.TYPE_STRING, opt, None),
        (4, "file_descriptor_response", T.TYPE_MESSAGE, opt,
         ".grpc.reflection.v1alpha.FileDescriptorResponse"),
        (6, "list_services_response", T.TYPE_MESSAGE, opt,
         ".grpc.reflection.v1alpha.ListServiceResponse"),
        (7, "error_response", T.TYPE_MESSAGE, opt, ".grpc.reflection.v1alpha.ErrorResponse"),
    ], oneof="message_response")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    get = lambda name: message_factory.GetMessageClass(
        pool.FindMessageTypeByName("grpc.reflection.v1alpha." + name)) \
        if hasattr(message_factory, "GetMessageClass") else \
        message_factory.MessageFactory(pool).GetPrototype(
            pool.FindMessageTypeByName("grpc.reflection.v1alpha." + name))
    return get("ServerReflectionRequest"), get("ServerReflectionResponse")


class Reflected:
    """The server's services and messages, learned through reflection."""

    def __init__(self, channel):
        Request, Response = reflection_classes()
        call = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=Response.FromString)
        self.pool = descriptor_pool.DescriptorPool()
        self.added = set()
        self.files = {}

        responses = list(call(iter([Request(list_services="")]), timeout=DEADLINE_S))
        check(len(responses) == 1, "reflection: no answer to list_services")
        self.services = [s.name for s in responses[0].list_services_response.service]

        wanted = ["gatekeeper.v1.CustomsService", "gatekeeper.v1.OfficerService",
                  "gatekeeper.v1.LicensingService"]
        requests = [Request(file_containing_symbol=s) for s in wanted]
        for response in call(iter(requests), timeout=DEADLINE_S):
            check(not response.HasField("error_response"),
                  "reflection: " + response.error_response.error_message)
            for raw in response.file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                self.files[proto.name] = proto
        for name in list(self.files):
            self._add(name, call, Request)

    def _add(self, name, call, Request):
        if name in self.added:
            return
        if name not in self.files:
            for response in call(iter([Request(file_by_filename=name)]), timeout=DEADLINE_S):
                for raw in response.file_descriptor_response.file_descriptor_proto:
                    proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                    self.files.setdefault(proto.name, proto)
        for dependency in self.files[name].dependency:
            self._add(dependency, call, Request)
        self.pool.Add(self.files[name])
        self.added.add(name)

    def message(self, full_name):
        descriptor = self.pool.FindMessageTypeByName(full_name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(self.pool).GetPrototype(descriptor)

    def method(self, channel, service, method):
        descriptor = self.pool.FindServiceByName(service).FindMethodByName(method)
        request = self.message(descriptor.input_type.full_name)
        response = self.message(descriptor.output_type.full_name)
        path = "/%s/%s" % (service, method)
        if descriptor.server_streaming:
            stub = channel.unary_stream(path, request_serializer=request.SerializeToString,
                                        response_deserializer=response.FromString)
        else:
            stub = channel.unary_unary(path, request_serializer=request.SerializeToString,
                                       response_deserializer=response.FromString)
        return stub, request


def declaration_json(mrn, office):
    return {"declaration": {
        "mrn": mrn, "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
        "declarationType": "EX", "procedure": "1000",
        "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
        "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
        "destinationCountry": "CN", "officeOfExport": office,
        "items": [{"itemNo": 1, "cnCode": "85414900", "description": "infrared detector arrays",
                   "quantity": {"amount": "40", "unit": "NAR"}, "valueEur": "48000.00",
                   "controlCode": "6A002.a.3",
                   "documents": [{"code": "X060", "reference": "NL-DU-2025-NOT-ISSUED"}]}]}}


def channel_as(certs, role, address):
    read = lambda name: open(os.path.join(certs, name), "rb").read()
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read("ca.pem"), private_key=read(role + ".key"),
        certificate_chain=read(role + ".pem"))
    return grpc.secure_channel(address, credentials)


def start_daemon(gatekeeperd, certs, data_dir, log_path):
    log = open(log_path, "w")
    daemon = subprocess.Popen(
        [gatekeeperd, "--embedded-kafka", "--embedded-partitions", "1", "--data-dir", data_dir,
         "--metrics-interval-ms", "0", "--grpc-listen", "127.0.0.1:0",
         "--grpc-tls-ca", os.path.join(certs, "ca.pem"),
         "--grpc-tls-cert", os.path.join(certs, "server.pem"),
         "--grpc-tls-key", os.path.join(certs, "server.key")],
        stdout=subprocess.PIPE, stderr=log, text=True)
    address = []

    def read_stdout():
        for line in daemon.stdout:
            if line.startswith("grpc.listen="):
                address.append(line.strip().split("=", 1)[1])
    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    deadline = time.time() + 30
    while not address and time.time() < deadline and daemon.poll() is None:
        time.sleep(0.05)
    if not address:
        daemon.kill()
        fail("gatekeeperd did not print grpc.listen=; its log:\n" + open(log_path).read())
    return daemon, address[0]


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 64
    gatekeeperd, make_certs, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    certs = os.path.join(work, "certs")
    subprocess.run([make_certs, certs], check=True, stdout=subprocess.DEVNULL)
    daemon, address = start_daemon(gatekeeperd, certs, os.path.join(work, "data"),
                                   os.path.join(work, "gatekeeperd.log"))
    try:
        run_checks(certs, address)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            fail("gatekeeperd did not stop within 30 s of SIGTERM")
    check(code == 0, "gatekeeperd exited %d after SIGTERM; log:\n%s" %
          (code, open(os.path.join(work, "gatekeeperd.log")).read()))
    print("PASS: reflection, Submit, GetDecision, WatchHolds (replay and live) from Python")
    return 0


def run_checks(certs, address):
    officer = channel_as(certs, "officer", address)
    customs = channel_as(certs, "customs", address)
    reflected = Reflected(officer)
    for service in ["gatekeeper.v1.CustomsService", "gatekeeper.v1.OfficerService",
                    "gatekeeper.v1.LicensingService", "grpc.health.v1.Health"]:
        check(service in reflected.services,
              "reflection lists %s (it lists %s)" % (service, reflected.services))

    Event = reflected.message("gatekeeper.v1.Event")
    submit, _ = reflected.method(customs, "gatekeeper.v1.CustomsService", "Submit")
    first_mrn, second_mrn = "25NL0000000000001P", "25NL0000000000002P"
    held = submit(json_format.ParseDict(declaration_json(first_mrn, "NL000396"), Event()),
                  timeout=DEADLINE_S)
    held_json = json_format.MessageToDict(held)
    check(held_json.get("status") == "HELD", "Submit answers HELD: %s" % held_json)
    check(held_json["items"][0]["reasons"][0]["code"] == "LICENCE_NOT_FOUND",
          "the hold says LICENCE_NOT_FOUND: %s" % held_json)

    get_decision, GetDecisionRequest = reflected.method(
        officer, "gatekeeper.v1.OfficerService", "GetDecision")
    found = json_format.MessageToDict(get_decision(GetDecisionRequest(mrn=first_mrn),
                                                   timeout=DEADLINE_S))
    check(found.get("status") == "HELD" and found.get("sequence") == held_json["sequence"],
          "GetDecision returns the held decision: %s" % found)
    try:
        get_decision(GetDecisionRequest(mrn="25NL0000000000099P"), timeout=DEADLINE_S)
        fail("GetDecision of an unknown MRN succeeded")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.NOT_FOUND, "unknown MRN: %s" % error.code())

    # The customs certificate may not call the officer's service.
    customs_get, _ = reflected.method(customs, "gatekeeper.v1.OfficerService", "GetDecision")
    try:
        customs_get(GetDecisionRequest(mrn=first_mrn), timeout=DEADLINE_S)
        fail("a customs certificate read through OfficerService")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.PERMISSION_DENIED,
              "customs on OfficerService: %s" % error.code())

    watch_holds, WatchHoldsRequest = reflected.method(
        officer, "gatekeeper.v1.OfficerService", "WatchHolds")
    stream = watch_holds(WatchHoldsRequest(office_of_export="NL000396", after_sequence=0),
                         timeout=DEADLINE_S)
    first = json_format.MessageToDict(next(stream))
    check(first["mrn"] == first_mrn and first["status"] == "HELD",
          "WatchHolds replays the hold: %s" % first)
    submit(json_format.ParseDict(declaration_json(second_mrn, "NL000396"), Event()),
           timeout=DEADLINE_S)
    second = json_format.MessageToDict(next(stream))
    check(second["mrn"] == second_mrn and int(second["sequence"]) > int(first["sequence"]),
          "WatchHolds delivers the live hold next: %s" % second)
    stream.cancel()


if __name__ == "__main__":
    sys.exit(main())
