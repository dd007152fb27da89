module.exports = {
  displayName: 'rag',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/rag',
};
