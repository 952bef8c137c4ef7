package main

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// image builds a buf image (FileDescriptorSet) with one message x.v1.P
// whose bytes field "dec" carries a gogoproto customtype.
func image(t *testing.T) []byte {
	t.Helper()
	opts := &descriptorpb.FieldOptions{}
	var raw []byte
	raw = protowire.AppendTag(raw, customtypeField, protowire.BytesType)
	raw = protowire.AppendString(raw, "cosmossdk.io/math.LegacyDec")
	opts.ProtoReflect().SetUnknown(raw)
	set := &descriptorpb.FileDescriptorSet{File: []*descriptorpb.FileDescriptorProto{{
		Name:    proto.String("x/v1/q.proto"),
		Package: proto.String("x.v1"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("P"),
			Field: []*descriptorpb.FieldDescriptorProto{
				{Name: proto.String("dec"), Number: proto.Int32(1), Type: descriptorpb.FieldDescriptorProto_TYPE_BYTES.Enum(), Options: opts},
				{Name: proto.String("raw"), Number: proto.Int32(2), Type: descriptorpb.FieldDescriptorProto_TYPE_BYTES.Enum()},
			},
		}},
	}}}
	bz, err := proto.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return bz
}

const merged = `{"swagger":"2.0","info":{"title":"x","version":"version not set"},
"tags":[{"name":"x.v1.Query"},{"name":"x.v1.Msg"}],
"paths":{
 "/x/v1/p":{"get":{"operationId":"Query_Params","tags":["x.v1.Query"],"responses":{}}},
 "/y/v1/p":{"get":{"operationId":"Query_Params","tags":["y.v1.Query"],"responses":{}}}},
"definitions":{"x.v1.P":{"type":"object","properties":{
 "dec":{"type":"string","format":"byte"},"raw":{"type":"string","format":"byte"}}}}}`

func TestFinish(t *testing.T) {
	out, err := Finish([]byte(merged), image(t), "v9")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Finish([]byte(merged), image(t), "v9")
	if err != nil || string(again) != string(out) {
		t.Fatalf("two runs differ (%v)", err)
	}
	doc := string(out)
	for _, want := range []string{
		"swagger: \"2.0\"\ninfo:", // the top level in reading order
		"title: AITBC REST API", "version: v9",
		"operationId: x.v1.Query.Params", "operationId: y.v1.Query.Params", // unique across packages
		"A decimal string (cosmossdk.io/math.LegacyDec), not base64.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("output lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "x.v1.Msg") {
		t.Errorf("a tag without routes is kept:\n%s", doc)
	}
	if strings.Count(doc, "format: byte") != 1 {
		t.Errorf("want only the plain bytes field as base64:\n%s", doc)
	}
}

func TestFinishRefusesAnUnlistedPathClash(t *testing.T) {
	clash := `{"swagger":"2.0","paths":{
 "/x/v1/a/{id}":{"get":{"operationId":"Query_A","tags":["x.v1.Query"],"responses":{}}},
 "/x/v1/a/{name}":{"get":{"operationId":"Query_B","tags":["x.v1.Query"],"responses":{}}}},
"definitions":{}}`
	_, err := Finish([]byte(clash), image(t), "v9")
	if err == nil || !strings.Contains(err.Error(), "share the path template") {
		t.Fatalf("want a path template clash error, got %v", err)
	}
}
