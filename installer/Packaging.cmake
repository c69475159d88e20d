# Packaging: what `cmake --install` puts where, and CPack (DEB + TGZ) over it.
# Included from the top-level CMakeLists.txt after the app targets exist.
#
#   make package         → build/switchboard_<version>_<arch>.deb and build/switchboard-<version>-Linux.tar.gz
#   make test-package    → installer/test-package.sh: install the .deb, run it, purge it (as root)
#
# The package installs (prefix /usr):
#   bin/switchboard, bin/switchboard-server            (install rules in app/*/CMakeLists.txt)
#   share/applications/switchboard.desktop
#   share/metainfo/io.switchboard.Switchboard.metainfo.xml
#   share/icons/hicolor/scalable/apps/switchboard.svg and NxN PNGs rendered from it at build time
#   share/man/man1/switchboard.1.gz, switchboard-server.1.gz
#   lib/systemd/system/switchboard-server.service      (installed, not enabled)
#   /etc/switchboard/server.conf                       (conffile read by the service)
#   share/switchboard/sample-ticks.csv, share/switchboard/screenshots/*.png
#   share/doc/switchboard/README.md

include(GNUInstallDirs)

set(SB_INSTALLER_DIR ${CMAKE_CURRENT_LIST_DIR})
set(SB_PACKAGE_NAME switchboard)
set(SB_ICON_SVG ${CMAKE_SOURCE_DIR}/resources/icons/switchboard.svg)
set(SB_ICON_SIZES 16 32 48 64 128 256)
set(_sb_gen ${CMAKE_BINARY_DIR}/installer)

# ---- build-time artefacts: PNG icons from the SVG, gzipped man pages ----------------------
find_program(SB_RSVG_CONVERT rsvg-convert)
find_program(SB_GZIP gzip)
if(NOT SB_RSVG_CONVERT)
    message(WARNING "rsvg-convert not found (Debian: librsvg2-bin): the PNG icons are not built "
                    "and the package ships only the scalable SVG icon.")
endif()

set(_sb_generated)
if(SB_RSVG_CONVERT)
    foreach(_size IN LISTS SB_ICON_SIZES)
        set(_png ${_sb_gen}/icons/${_size}x${_size}/switchboard.png)
        add_custom_command(OUTPUT ${_png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${_sb_gen}/icons/${_size}x${_size}
            COMMAND ${SB_RSVG_CONVERT} --width=${_size} --height=${_size} --keep-aspect-ratio
                    --format=png --output=${_png} ${SB_ICON_SVG}
            DEPENDS ${SB_ICON_SVG}
            COMMENT "Rendering the ${_size}x${_size} icon"
            VERBATIM)
        list(APPEND _sb_generated ${_png})
        install(FILES ${_png}
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
    endforeach()
endif()

foreach(_page switchboard.1 switchboard-server.1)
    set(_gz ${_sb_gen}/man/${_page}.gz)
    # gzip -n: no name or timestamp in the header, so the package is reproducible.
    add_custom_command(OUTPUT ${_gz}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${_sb_gen}/man
        COMMAND sh -c "${SB_GZIP} -9n -c \"$1\" > \"$2\"" sh ${SB_INSTALLER_DIR}/${_page} ${_gz}
        DEPENDS ${SB_INSTALLER_DIR}/${_page}
        COMMENT "Compressing the man page ${_page}"
        VERBATIM)
    list(APPEND _sb_generated ${_gz})
    install(FILES ${_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
add_custom_target(sb_install_assets ALL DEPENDS ${_sb_generated})

# ---- install rules ---------------------------------------------------------------------------
install(FILES ${SB_INSTALLER_DIR}/switchboard.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${SB_INSTALLER_DIR}/io.switchboard.Switchboard.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${SB_ICON_SVG}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/resources/market/sample-ticks.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/switchboard)
install(FILES ${CMAKE_SOURCE_DIR}/docs/screenshot-light.png ${CMAKE_SOURCE_DIR}/docs/screenshot-dark.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/switchboard/screenshots)
install(FILES ${CMAKE_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/switchboard)
# systemd looks in /usr/lib/systemd/system as well as /lib/systemd/system.
install(FILES ${SB_INSTALLER_DIR}/switchboard-server.service
        DESTINATION lib/systemd/system)
# The service reads /etc/switchboard/server.conf whatever the prefix; an absolute destination.
# (CPack stages it with DESTDIR, see CPACK_SET_DESTDIR below, so packaging never writes /etc.)
install(FILES ${SB_INSTALLER_DIR}/server.conf DESTINATION /etc/switchboard)

# ---- CPack -----------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME ${SB_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Switchboard developers")
set(CPACK_PACKAGE_CONTACT "Switchboard developers <switchboard@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Real-time chat rooms and live market dashboards (Qt app and server)")
set(CPACK_PACKAGE_DESCRIPTION
"Switchboard is a Qt 6 desktop app for real-time chat across rooms and direct
messages, with live market-ticker charts beside the conversation. Messages
written while offline wait in a local outbox and are sent on reconnect.

The package also contains switchboard-server, the WebSocket server the app
talks to: rooms, direct messages, presence, durable SQLite history, signed
tokens, TLS and a simulated or replayed market feed. It ships a systemd unit
(switchboard-server.service, not enabled by default) configured through
/etc/switchboard/server.conf.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://switchboard.example.org/")
set(CPACK_PACKAGE_INSTALL_DIRECTORY ${SB_PACKAGE_NAME})
# Stage through DESTDIR so the absolute /etc destination lands inside the package; with
# DESTDIR staging CPack installs under CPACK_INSTALL_PREFIX, not CMAKE_INSTALL_PREFIX.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_OUTPUT_CONFIG_FILE ${CMAKE_BINARY_DIR}/CPackConfig.cmake)

# TGZ: switchboard-<version>-Linux.tar.gz, a tree to unpack over / (usr/…, etc/…).
set(CPACK_ARCHIVE_FILE_NAME ${SB_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME})

# DEB: switchboard_<version>_<arch>.deb, runtime dependencies from dpkg-shlibdeps.
find_program(SB_DPKG dpkg)
if(SB_DPKG)
    execute_process(COMMAND ${SB_DPKG} --print-architecture
                    OUTPUT_VARIABLE SB_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
else()
    set(SB_DEB_ARCH amd64)
endif()
set(CPACK_DEBIAN_PACKAGE_NAME ${SB_PACKAGE_NAME})
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SB_DEB_ARCH})
set(CPACK_DEBIAN_FILE_NAME ${SB_PACKAGE_NAME}_${PROJECT_VERSION}_${SB_DEB_ARCH}.deb)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Switchboard developers <switchboard@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt loads these as plugins at run time, which dpkg-shlibdeps cannot see: SQLite for the
# history and the local cache, the SVG image/icon plugins for the window icon.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hicolor-icon-theme, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${SB_INSTALLER_DIR}/debian/conffiles
    ${SB_INSTALLER_DIR}/debian/postinst
    ${SB_INSTALLER_DIR}/debian/prerm
    ${SB_INSTALLER_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

include(CPack)

# ---- test: install the .deb, run it, purge it ------------------------------------------------
if(BUILD_TESTING)
    # Skips (77) unless root with dpkg and apt-get; builds the .deb with cpack if it is missing
    # or older than the binaries. Label `package`: `ctest -L package`, or `make test-package`.
    add_test(NAME package
             COMMAND ${SB_INSTALLER_DIR}/test-package.sh --build-dir ${CMAKE_BINARY_DIR}
                     --cpack ${CMAKE_CPACK_COMMAND})
    set_tests_properties(package PROPERTIES
        LABELS package
        SKIP_RETURN_CODE 77
        TIMEOUT 240
        # apt/dpkg take a system-wide lock: never alongside another test that uses them.
        RESOURCE_LOCK dpkg)
endif()
