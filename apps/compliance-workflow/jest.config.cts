module.exports = {
  displayName: 'compliance-workflow',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/compliance-workflow',
};
