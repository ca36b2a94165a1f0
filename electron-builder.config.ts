import type { Configuration } from 'electron-builder';

/**
 * How Redraw is packaged (`npm run dist`, `dist:linux`, `dist:mac`, `dist:win`). A plain object
 * with only a type import, so scripts/packaging-config.test.ts checks it without running
 * electron-builder (which needs Electron's binary, not downloadable here). Build each platform on
 * its own OS and architecture: sharp's native parts are installed per platform by npm.
 */
const config: Configuration = {
  appId: 'app.redraw.studio',
  productName: 'Redraw',
  directories: {
    output: 'dist',
    // Not resources/: electron-builder leaves its build-resources folder out of the app, and the
    // window icon (resources/icon.png) is read at run time.
    buildResources: 'build',
  },
  // Only what the built app runs: electron-vite's output, package.json (its `main` points into
  // out/) and the window icon. Sources, tests, the fake server, benchmarks and scripts stay out;
  // production dependencies are added by electron-builder itself.
  files: [
    'out/**/*',
    'package.json',
    'resources/**/*',
    '!**/*.map',
    '!src{,/**/*}',
    '!e2e{,/**/*}',
    '!fake-server{,/**/*}',
    '!bench{,/**/*}',
    '!scripts{,/**/*}',
    '!test-support{,/**/*}',
  ],
  asar: true,
  // Native modules cannot load from inside the archive. sharp's documentation asks for both its
  // package and its platform packages (@img/*: the addon and libvips) to be unpacked; keytar's
  // addon is one .node file.
  asarUnpack: ['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*', '**/node_modules/keytar/**/*.node'],
  // Rebuild native dependencies against Electron's headers (keytar is N-API, so the same build
  // would load, but a rebuild is what catches an ABI mistake at package time).
  npmRebuild: true,
  buildDependenciesFromSource: false,
  // Fuses are bits in the Electron binary, flipped before signing (the signature then covers them).
  electronFuses: {
    // No ELECTRON_RUN_AS_NODE: the app binary must not double as a general Node interpreter.
    // Redraw forks no process, so nothing of its own needs it.
    runAsNode: false,
    enableCookieEncryption: true,
    // No NODE_OPTIONS / NODE_EXTRA_CA_CERTS and no --inspect: nothing in the environment or on the
    // command line may inject code into the main process, which holds the API token.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Load only app.asar, and check it against the hash embedded at package time (macOS, Windows).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The app is served from redraw://, never file://.
    grantFileProtocolExtraPrivileges: false,
    // No custom V8 snapshot is built for the main process.
    loadBrowserProcessSpecificV8Snapshot: false,
  },
  // The deb's control file needs a homepage and a maintainer, and package.json names neither.
  // Placeholders until Redraw has a public home: replace both before publishing.
  extraMetadata: { homepage: 'https://redraw.app' },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icon.png',
    category: 'Graphics',
    maintainer: 'Redraw <hello@redraw.app>',
    synopsis: 'Turn sketches into finished images with Stable Diffusion img2img',
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.png',
    category: 'public.app-category.graphics-design',
    hardenedRuntime: true,
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.png',
  },
  nsis: {
    // Per-user install, no admin prompt; the artist may choose the folder.
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};

export default config;
