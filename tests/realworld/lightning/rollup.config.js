// Builds the PACTS Lightning app: lightning-base-components compiled by the LWC compiler,
// native shadow DOM (no @lwc/synthetic-shadow is imported), SLDS as a global stylesheet.
import fs from 'node:fs';
import path from 'node:path';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';

const outDir = process.env.LIGHTNING_OUT_DIR || 'dist';
const slds = path.dirname(
    new URL(import.meta.resolve('@salesforce-ux/design-system/package.json')).pathname,
);

// Copy index.html and the SLDS stylesheet + images next to the bundle, so `dist/` is the whole site.
function staticSite() {
    return {
        name: 'static-site',
        writeBundle() {
            fs.copyFileSync('src/index.html', path.join(outDir, 'index.html'));
            for (const sub of ['styles', 'images']) {
                fs.cpSync(path.join(slds, 'assets', sub), path.join(outDir, 'assets', sub), {
                    recursive: true,
                });
            }
        },
    };
}

export default {
    input: 'src/main.js',
    output: { file: path.join(outDir, 'app.js'), format: 'esm', inlineDynamicImports: true },
    plugins: [
        replace({
            preventAssignment: true,
            values: {
                'process.env.NODE_ENV': JSON.stringify('production'),
                'import.meta.env.SSR': 'false',
            },
        }),
        lwc({
            // dirs are relative to the input's folder (src/); the `lightning` namespace comes from the package's own "lwc" module config
            modules: [{ dir: 'modules' }, { npm: 'lightning-base-components' }],
            disableSyntheticShadowSupport: true,
            // the base components use lwc:component / lwc:is and lwc:spread
            enableDynamicComponents: true,
            enableLwcSpread: true,
        }),
        staticSite(),
    ],
    onwarn(warning, warn) {
        // the base components use `this` at module level and circular imports on purpose
        if (['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY'].includes(warning.code)) return;
        // template lint notes about the base components' own markup are not ours to fix
        if (warning.plugin === 'rollup-plugin-lwc-compiler' && String(warning.id).includes('node_modules')) return;
        warn(warning);
    },
};
