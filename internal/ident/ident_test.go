package ident

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		in   string
		max  uint32
		ok   bool
	}{
		{"plain", "H100", 0, true},
		{"inner space and punctuation", "RTX 4090 (24 GB)", 0, true},
		{"unicode letters", "Ascend-910B-昇腾", 0, true},
		{"empty", "", 0, false},
		{"nul", "H100\x00", 0, false},
		{"nul inside", "H1\x0000", 0, false},
		{"newline", "a\nb", 0, false},
		{"tab", "a\tb", 0, false},
		{"delete", "a\x7fb", 0, false},
		{"c1 control", "a\u0085b", 0, false},
		{"zero width space", "a\u200bb", 0, false},
		{"bidi override", "a\u202eb", 0, false},
		{"non-breaking space", "a\u00a0b", 0, false},
		{"invalid utf8", "a\xffb", 0, false},
		{"leading space", " H100", 0, false},
		{"trailing space", "H100 ", 0, false},
		{"at param limit", "abcd", 4, true},
		{"over param limit", "abcde", 4, false},
		{"at absolute limit", strings.Repeat("a", MaxLength), 0, true},
		{"over absolute limit", strings.Repeat("a", MaxLength+1), 0, false},
		{"param above absolute limit", strings.Repeat("a", MaxLength+1), MaxLength + 10, false},
	}
	for _, tc := range cases {
		err := Check("model", tc.in, tc.max)
		if tc.ok && err != nil {
			t.Errorf("%s: unexpected error %v", tc.name, err)
		}
		if !tc.ok {
			if err == nil {
				t.Errorf("%s: %q accepted", tc.name, tc.in)
			} else if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "model") {
				t.Errorf("%s: error %q should wrap ErrInvalid and name the field", tc.name, err)
			}
		}
	}
}

func TestCheckErrorNeverEchoesControlBytes(t *testing.T) {
	err := Check("model", "H\x00\x1b[31m", 0)
	if err == nil || strings.ContainsAny(err.Error(), "\x00\x1b") {
		t.Fatalf("error %q must not carry the control bytes", err)
	}
}

func TestCheckOptionalAndText(t *testing.T) {
	if err := CheckOptional("region", "", 10); err != nil {
		t.Fatal(err)
	}
	if err := CheckOptional("region", "eu\x00", 10); err == nil {
		t.Fatal("NUL accepted in an optional identifier")
	}
	if err := CheckText("description", "line one\nline\ttwo", 100); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"a\x00", "a\rb", "\xff", strings.Repeat("a", 101)} {
		if err := CheckText("description", bad, 100); err == nil {
			t.Errorf("%q accepted as text", bad)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"H100", "H100\x00", "", " a", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Check("f", s, 0) != nil {
			return
		}
		for _, r := range s {
			if r == 0 || r < 0x20 || r == 0x7f {
				t.Fatalf("%q accepted with a control byte", s)
			}
		}
	})
}
