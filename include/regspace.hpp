// SPDX-License-Identifier: MIT
// regspace.hpp - the whole public surface of the core.
#pragma once

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/device.hpp>
#include <regspace/explain.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/hooks.hpp>
#include <regspace/introspect.hpp>
#include <regspace/print.hpp>
#include <regspace/register.hpp>
#include <regspace/snapshot.hpp>
#include <regspace/space.hpp>
#include <regspace/hana.hpp>
