# atrium_add_test(<name> SOURCES <files…> [LIBS <targets…>] [LABELS <labels…>] [TIMEOUT <seconds>])
#
# One Qt Test executable per class under test, registered with ctest. Every test
# runs offscreen, with Qt's own event dispatcher (see LibvirtEventLoop) and a
# private XDG data and config directory (screenshots go to build/screenshots), so nothing touches the developer's own Atrium.
function(atrium_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE atrium_test_main ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_NO_GLIB=1;XDG_DATA_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-${name};XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-config-${name};ATRIUM_SCREENSHOT_DIR=${PROJECT_BINARY_DIR}/screenshots;ATRIUM_BINARY=$<TARGET_FILE:atrium>;ATRIUM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    atrium_sanitizer_environment(${name})
    if("integration" IN_LIST ARG_LABELS)
        atrium_real_hypervisor_lock(${name})
    endif()
endfunction()

# ctest runs tests as many at a time as there are cores (installer/bootstrap.sh); those that boot
# real guests or start daemons of their own (label "integration") take one lock, so they run one
# after another beside the rest.
function(atrium_real_hypervisor_lock test)
    set_property(TEST ${test} APPEND PROPERTY RESOURCE_LOCK real_hypervisor)
endfunction()

# In a sanitizer build (ATRIUM_SANITIZE): any report fails the test. Leaks are checked too.
set(ATRIUM_ASAN_OPTIONS "detect_leaks=1:halt_on_error=1:check_initialization_order=1:strict_init_order=1")
function(atrium_sanitizer_environment test)
    if(ATRIUM_SANITIZE)
        set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT
            "ASAN_OPTIONS=${ATRIUM_ASAN_OPTIONS}"
            "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
            "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/lsan.supp")
    endif()
endfunction()
