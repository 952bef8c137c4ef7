package types

import (
	"fmt"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/internal/ident"
)

// The strings of x/compute that are stored and echoed, and the rule each
// follows (internal/ident). Key parts and values compared for equality
// (GPU models, region, attribute keys and values, image, env names, hashes)
// are identifiers; free text (endpoint and URIs, command, args, env values)
// may hold anything but control characters other than tab and newline.
// Every function takes the byte bound: ident.MaxLength in stateless checks
// (ValidateBasic, genesis), the max_text_length param in the keeper.

// identifierError wraps an internal/ident error in ErrInvalidIdentifier, so
// the ABCI error names x/compute and the message names the field.
func identifierError(err error) error {
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), ident.ErrInvalid.Error()+": ")
	return errorsmod.Wrap(ErrInvalidIdentifier, strings.TrimPrefix(msg, ident.ErrInvalidText.Error()+": "))
}

// CheckID checks an identifier that must be set.
func CheckID(field, s string, maxLen uint32) error {
	return identifierError(ident.Check(field, s, maxLen))
}

// CheckOptionalID checks an identifier that may be empty.
func CheckOptionalID(field, s string, maxLen uint32) error {
	return identifierError(ident.CheckOptional(field, s, maxLen))
}

// CheckText checks free text, at most maxLen bytes (ident.MaxLength when 0
// or larger).
func CheckText(field, s string, maxLen uint32) error {
	if maxLen == 0 || maxLen > ident.MaxLength {
		maxLen = ident.MaxLength
	}
	return identifierError(ident.CheckText(field, s, maxLen))
}

// ValidateGpuModel checks the model of a GPU (inventory, offer, lease).
func ValidateGpuModel(field string, g Gpu, maxLen uint32) error {
	return CheckID(field+".model", g.Model, maxLen)
}

// ValidateInventoryStrings checks the strings of a provider's description:
// endpoint (text), region (optional identifier), GPU models and attribute
// keys (identifiers), attribute values (optional identifiers).
func ValidateInventoryStrings(endpoint, region string, gpus []Gpu, attrs []Attribute, maxLen uint32) error {
	if err := CheckText("endpoint", endpoint, maxLen); err != nil {
		return err
	}
	if err := CheckOptionalID("region", region, maxLen); err != nil {
		return err
	}
	for i, g := range gpus {
		if err := ValidateGpuModel(fmt.Sprintf("gpus[%d]", i), g, maxLen); err != nil {
			return err
		}
	}
	for i, a := range attrs {
		if err := CheckID(fmt.Sprintf("attributes[%d].key", i), a.Key, maxLen); err != nil {
			return err
		}
		if err := CheckOptionalID(fmt.Sprintf("attributes[%d].value", i), a.Value, maxLen); err != nil {
			return err
		}
	}
	return nil
}

// ValidateJobStrings checks the strings of a job: the model (optional: a
// job may ask for VRAM only), the workload and the input.
func ValidateJobStrings(r Requirements, w Workload, inputURI, inputHash string, maxLen uint32) error {
	if err := CheckOptionalID("requirements.model", r.Model, maxLen); err != nil {
		return err
	}
	if err := CheckOptionalID("workload.image", w.Image, maxLen); err != nil {
		return err
	}
	if err := CheckText("workload.command", w.Command, maxLen); err != nil {
		return err
	}
	for i, a := range w.Args {
		if err := CheckText(fmt.Sprintf("workload.args[%d]", i), a, maxLen); err != nil {
			return err
		}
	}
	for i, e := range w.Env {
		if err := CheckID(fmt.Sprintf("workload.env[%d].name", i), e.Name, maxLen); err != nil {
			return err
		}
		if err := CheckText(fmt.Sprintf("workload.env[%d].value", i), e.Value, maxLen); err != nil {
			return err
		}
	}
	if err := CheckText("input_uri", inputURI, maxLen); err != nil {
		return err
	}
	return CheckOptionalID("input_hash", inputHash, maxLen)
}

// ValidateResultStrings checks a result's output hash (an identifier; the
// keeper refuses an empty one with ErrInvalidResult) and output URI (text).
func ValidateResultStrings(outputHash, outputURI string, maxLen uint32) error {
	if err := CheckOptionalID("output_hash", outputHash, maxLen); err != nil {
		return err
	}
	return CheckText("output_uri", outputURI, maxLen)
}

// ValidateObservedHash checks an attester's observed hash (the keeper
// requires one with a valid verdict).
func ValidateObservedHash(hash string, maxLen uint32) error {
	return CheckOptionalID("observed_hash", hash, maxLen)
}
