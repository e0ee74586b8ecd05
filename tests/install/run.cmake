# SPDX-License-Identifier: MIT
# The installed package, as consumers see it:
# 1. the library alone (no tests, examples or benchmarks) configured from ROOT with Boost made
#    unfindable, installed: no hana component is installed;
# 2. a consumer of the core configures, builds and runs against it, Boost still unfindable;
# 3. a consumer asking for the hana component fails to configure against it;
# 4. against BUILD's install (with Boost), a consumer of the hana component builds and runs;
# 5. a C consumer of the devices component (shared and static) builds and runs, and the
#    core-only install refuses that component.
file(REMOVE_RECURSE ${WORK})
set(no_boost -DCMAKE_DISABLE_FIND_PACKAGE_Boost=TRUE)
function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
endfunction()

run("configuring the library without Boost"
    ${CMAKE_COMMAND} -S ${ROOT} -B ${WORK}/core-build -DCMAKE_CXX_COMPILER=${CXX} ${no_boost}
    -DREGSPACE_BUILD_TESTS=OFF -DREGSPACE_BUILD_EXAMPLES=OFF -DREGSPACE_BUILD_BENCHMARKS=OFF)
run("installing the library" ${CMAKE_COMMAND} --install ${WORK}/core-build --prefix ${WORK}/core-prefix)
file(GLOB_RECURSE hana_targets ${WORK}/core-prefix/*regspaceHanaTargets.cmake)
if(hana_targets)
    message(FATAL_ERROR "a build without Boost installed the hana component: ${hana_targets}")
endif()

run("configuring the core consumer without Boost"
    ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/core-consumer -DCMAKE_PREFIX_PATH=${WORK}/core-prefix
    -DCMAKE_CXX_COMPILER=${CXX} ${no_boost})
run("building the core consumer" ${CMAKE_COMMAND} --build ${WORK}/core-consumer)
run("running the core consumer" ${WORK}/core-consumer/consumer)

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/hana-missing -DWITH_HANA=ON
                        -DCMAKE_PREFIX_PATH=${WORK}/core-prefix -DCMAKE_CXX_COMPILER=${CXX}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "hana")
    message(FATAL_ERROR "COMPONENTS hana was accepted by a package built without Boost (${rc}):\n${err}")
endif()

run("installing the full build" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix)
run("configuring the hana consumer"
    ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/hana-consumer -DWITH_HANA=ON -DCMAKE_PREFIX_PATH=${WORK}/prefix
    -DCMAKE_CXX_COMPILER=${CXX})
run("building the hana consumer" ${CMAKE_COMMAND} --build ${WORK}/hana-consumer)
run("running the hana consumer" ${WORK}/hana-consumer/consumer)

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/devices-missing -DWITH_DEVICES=ON
                        -DCMAKE_PREFIX_PATH=${WORK}/core-prefix
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "devices")
    message(FATAL_ERROR "COMPONENTS devices was accepted by a package built without them (${rc}):\n${err}")
endif()
run("configuring the devices consumer"
    ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/devices-consumer -DWITH_DEVICES=ON -DCMAKE_PREFIX_PATH=${WORK}/prefix)
run("building the devices consumer" ${CMAKE_COMMAND} --build ${WORK}/devices-consumer)
run("running the devices consumer (shared)" ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${WORK}/prefix/lib
    ${WORK}/devices-consumer/consumer)
run("running the devices consumer (static)" ${WORK}/devices-consumer/consumer_static)
message(STATUS "core without Boost, the hana and the devices components: configured, built and ran")
