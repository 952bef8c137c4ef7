package gpu_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/gpu"
)

// Output of nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits
// on a mixed host.
const smiOutput = `NVIDIA A100-SXM4-80GB, 81920
NVIDIA A100-SXM4-80GB, 81920
NVIDIA L4, 23034

`

func TestParse(t *testing.T) {
	devs, err := gpu.Parse(smiOutput)
	require.NoError(t, err)
	require.Equal(t, []gpu.Device{
		{Index: "0", Model: "NVIDIA A100-SXM4-80GB", VRAMMiB: 81920},
		{Index: "1", Model: "NVIDIA A100-SXM4-80GB", VRAMMiB: 81920},
		{Index: "2", Model: "NVIDIA L4", VRAMMiB: 23034},
	}, devs)

	inv := gpu.Inventory{Source: gpu.SourceNvidiaSMI, Devices: devs}
	require.Equal(t, []config.GPU{
		{Model: "NVIDIA A100-SXM4-80GB", VRAMMiB: 81920, Count: 2},
		{Model: "NVIDIA L4", VRAMMiB: 23034, Count: 1},
	}, inv.Models())
	require.Equal(t, []string{"0", "1"}, inv.Indices("NVIDIA A100-SXM4-80GB", 40000))
	require.Equal(t, []string{"0", "1"}, inv.Indices("", 40000))
	require.Equal(t, []string{"0", "1", "2"}, inv.Indices("", 0))
	require.Empty(t, inv.Indices("NVIDIA L4", 40000))

	devs, err = gpu.Parse("Tesla T4, Rev, B, 15360\n")
	require.NoError(t, err)
	require.Equal(t, "Tesla T4, Rev, B", devs[0].Model, "a comma in the name")
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{
		"", "\n\n", "NVIDIA L4\n", "NVIDIA L4, [N/A]\n", "NVIDIA L4, 0\n", ", 1024\n", "NVIDIA L4, 23034 MiB\n",
	} {
		_, err := gpu.Parse(bad)
		require.Error(t, err, "%q", bad)
	}
}

func TestDeclared(t *testing.T) {
	inv, err := gpu.Declared([]config.GPU{{Model: "A100", VRAMMiB: 81920, Count: 2}, {Model: "L4", VRAMMiB: 24576, Count: 1}})
	require.NoError(t, err)
	require.Equal(t, gpu.SourceDeclared, inv.Source)
	require.Equal(t, []gpu.Device{{"0", "A100", 81920}, {"1", "A100", 81920}, {"2", "L4", 24576}}, inv.Devices)

	_, err = gpu.Declared(nil)
	require.ErrorIs(t, err, gpu.ErrNoGPUs)
}

func fakeSMI(t *testing.T, body string) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "nvidia-smi"), []byte("#!/bin/sh\n"+body+"\n"), 0o755))
	t.Setenv("PATH", dir)
}

func TestDetect(t *testing.T) {
	declared := []config.GPU{{Model: "A100", VRAMMiB: 81920, Count: 1}}
	t.Run("no nvidia-smi: declared", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		inv, err := gpu.Detect(context.Background(), declared)
		require.NoError(t, err)
		require.Equal(t, gpu.SourceDeclared, inv.Source)
	})
	t.Run("nvidia-smi wins over declared", func(t *testing.T) {
		fakeSMI(t, `[ "$1 $2" = "--query-gpu=name,memory.total --format=csv,noheader,nounits" ] || exit 9
echo "NVIDIA L4, 23034"`)
		inv, err := gpu.Detect(context.Background(), declared)
		require.NoError(t, err)
		require.Equal(t, gpu.Inventory{Source: gpu.SourceNvidiaSMI, Devices: []gpu.Device{{"0", "NVIDIA L4", 23034}}}, inv)
	})
	t.Run("broken driver is an error", func(t *testing.T) {
		fakeSMI(t, `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver" >&2; exit 9`)
		_, err := gpu.Detect(context.Background(), declared)
		require.ErrorContains(t, err, "couldn't communicate")
	})
}
