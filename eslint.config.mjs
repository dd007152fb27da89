import nx from "@nx/eslint-plugin";

export default [
    ...nx.configs["flat/base"],
    ...nx.configs["flat/typescript"],
    ...nx.configs["flat/javascript"],
    {
        ignores: [
            "**/dist",
            "**/out-tsc"
        ]
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.js",
            "**/*.jsx"
        ],
        rules: {
            "@nx/enforce-module-boundaries": [
                "error",
                {
                    enforceBuildableLibDependency: true,
                    allow: [
                        "^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$",
                        "^.*/scripts/build/nest-service\\.webpack\\.js$"
                    ],
                    // Apps import shared libs only, never another app; shared libs import shared libs.
                    depConstraints: [
                        { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:api-gateway", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:law-catalog", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:rag", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:compliance-workflow", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:notifier", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:web", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:e2e", onlyDependOnLibsWithTags: ["scope:shared"] }
                    ]
                }
            ]
        }
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.cts",
            "**/*.mts",
            "**/*.js",
            "**/*.jsx",
            "**/*.cjs",
            "**/*.mjs"
        ],
        // Override or add rules here
        rules: {}
    }
];
