module.exports = {
  displayName: 'deploy-check',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/deploy-check',
};
