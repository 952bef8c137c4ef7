package main

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// gogoproto's (gogoproto.customtype) field option.
const customtypeField = 65003

// fixCustomTypes corrects the schema of bytes fields with a gogoproto
// customtype (the SDK's LegacyDec and Int params, e.g. slashing's
// min_signed_per_window): the generator sees bytes and says base64, but the
// gateway writes the Go type's JSON, a decimal string.
func fixCustomTypes(doc map[string]any, image []byte) error {
	var set descriptorpb.FileDescriptorSet // a buf image is wire-compatible
	if err := (proto.UnmarshalOptions{DiscardUnknown: false}).Unmarshal(image, &set); err != nil {
		return fmt.Errorf("read buf image: %w", err)
	}
	defs, _ := doc["definitions"].(map[string]any)
	for _, file := range set.File {
		for _, msg := range file.MessageType {
			fixMessage(defs, file.GetPackage()+"."+msg.GetName(), msg)
		}
	}
	return nil
}

func fixMessage(defs map[string]any, name string, msg *descriptorpb.DescriptorProto) {
	for _, nested := range msg.NestedType {
		fixMessage(defs, name+"."+nested.GetName(), nested)
	}
	def, ok := defs[name].(map[string]any)
	if !ok {
		return // not reachable from any route
	}
	props, _ := def["properties"].(map[string]any)
	for _, field := range msg.Field {
		if field.GetType() != descriptorpb.FieldDescriptorProto_TYPE_BYTES {
			continue
		}
		goType := customtype(field.GetOptions())
		if goType == "" {
			continue
		}
		prop, ok := props[field.GetName()].(map[string]any)
		if !ok {
			continue
		}
		if items, ok := prop["items"].(map[string]any); ok {
			prop = items
		}
		delete(prop, "format")
		prop["description"] = joinDesc(prop["description"], "A decimal string ("+goType+"), not base64.")
	}
}

func customtype(opts *descriptorpb.FieldOptions) string {
	if opts == nil {
		return ""
	}
	raw := opts.ProtoReflect().GetUnknown()
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return ""
		}
		raw = raw[n:]
		if num == customtypeField && typ == protowire.BytesType {
			v, n := protowire.ConsumeBytes(raw)
			if n < 0 {
				return ""
			}
			return string(v)
		}
		n = protowire.ConsumeFieldValue(num, typ, raw)
		if n < 0 {
			return ""
		}
		raw = raw[n:]
	}
	return ""
}

func joinDesc(old any, add string) string {
	if s, _ := old.(string); s != "" {
		return s + "\n\n" + add
	}
	return add
}
