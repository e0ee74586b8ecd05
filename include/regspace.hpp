// SPDX-License-Identifier: MIT
// regspace.hpp - the core: descriptors (access policies, fields, registers, blocks, spaces) and
// the device that folds a space into its guest-side handler. Nothing else, so that including it
// stays cheap (docs/performance.md) and needs no dependency beyond the standard library.
//
// Opt-in headers, each standalone:
//   regspace/introspect.hpp  descriptors as run-time tables     regspace/explain.hpp  explain traces
//   regspace/print.hpp       text printers                      regspace/export.hpp   WaveDrom, Markdown, JSON
//   regspace/snapshot.hpp    save and restore                   regspace/locked.hpp   a device behind a mutex
//   regspace/pci.hpp         PCI configuration space blocks     regspace/q35/*.hpp    the Q35 host bridge
//   regspace/ext/hana.hpp    a space as a Boost.Hana sequence (needs Boost; CMake component `hana`)
#pragma once

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/device.hpp>
#include <regspace/field.hpp>
#include <regspace/field_value.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/hooks.hpp>
#include <regspace/observer.hpp>
#include <regspace/reset_kind.hpp>
#include <regspace/register.hpp>
#include <regspace/space.hpp>
